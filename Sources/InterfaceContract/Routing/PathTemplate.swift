/// A key of the document's `paths` (OpenAPI 3.1 §4.8.8: relative to the API's base path, starting with `/`), cut
/// into segments: literal ones, and ones holding a template expression (§4.8.2, "Path Templating"), possibly between
/// literal text (`/reports/{id}.pdf`).
struct PathTemplate: Sendable {
    enum Segment: Hashable, Sendable {
        /// Percent-decoded, as request segments are before they are compared.
        case literal(String)
        /// One variable matching a non-empty part of one segment, after `prefix` and before `suffix`.
        case variable(prefix: String, suffix: String)
    }

    let text: String
    let segments: [Segment]
    /// The names of the variables, in the order of their segments.
    let parameterNames: [String]

    init(_ text: String, at location: DocumentLocation) throws(ContractError) {
        guard text.first == "/" else { throw ContractError("\(location): a path starts with /") }
        var segments: [Segment] = []
        var names: [String] = []
        for piece in text.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            guard let open = piece.firstIndex(of: "{") else {
                guard !piece.contains("}") else { throw ContractError("\(location): a } closes no {") }
                segments.append(.literal(PercentDecoding.decode(piece) ?? String(piece)))
                continue
            }
            guard let close = piece[open...].firstIndex(of: "}"), !piece[piece.index(after: close)...].contains(where: { "{}".contains($0) })
            else {
                throw ContractError("\(location): a segment holds one {parameter}, with literal text around it at most")
            }
            let name = String(piece[piece.index(after: open)..<close])
            guard !name.isEmpty, !names.contains(name) else {
                throw ContractError("\(location): each {parameter} of a path has a name of its own")
            }
            names.append(name)
            segments.append(.variable(prefix: String(piece[..<open]), suffix: String(piece[piece.index(after: close)...])))
        }
        self.text = text
        self.segments = segments
        parameterNames = names
    }
}
