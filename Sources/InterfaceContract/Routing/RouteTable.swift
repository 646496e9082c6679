/// The document's paths as a tree of segments, which a request path walks once: at each segment a literal child
/// is tried before template children (OpenAPI 3.1 §4.8.8: "concrete … paths would be matched before their templated
/// counterparts"), the more specific templates (longer literal text around the variable) first, and a failed
/// branch falls back to the next (`/shops/nearby/hours` can still reach `/shops/{id}/hours`).
///
/// A trailing slash makes another path (`/shops/` is not `/shops`); a segment with an invalid percent-encoding
/// matches nothing.
struct RouteTable: Sendable {
    private struct Node: Sendable {
        var literals: [Substring: (text: String, node: Int)] = [:]
        var variables: [(prefix: String, suffix: String, node: Int)] = []
        var endpoint: Int?
    }

    private struct Endpoint: Sendable {
        var template: PathTemplate
        var operations: [ContractOperation]
        /// `Allow` (RFC 9110 §10.2.1), `HEAD` wherever `GET` is.
        var allowed: [String]
    }

    private var nodes = [Node()]
    private var endpoints: [Endpoint] = []

    /// Adds a path and its operations; two paths of the same shape (`/a/{x}` and `/a/{y}`) are refused, as §4.8.8
    /// says they are identical.
    mutating func insert(_ template: PathTemplate, operations: [ContractOperation]) throws(ContractError) {
        var node = 0
        for segment in template.segments {
            node = child(of: node, for: segment)
        }
        if let existing = nodes[node].endpoint {
            throw ContractError("paths.\(template.text) and paths.\(endpoints[existing].template.text) are the same path")
        }
        nodes[node].endpoint = endpoints.count
        let methods = Set(operations.map(\.method) + (operations.contains { $0.method == "GET" } ? ["HEAD"] : []))
        let allowed = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"].filter(methods.contains)
        endpoints.append(Endpoint(template: template, operations: operations, allowed: allowed))
    }

    private mutating func child(of node: Int, for segment: PathTemplate.Segment) -> Int {
        switch segment {
        case .literal(let text):
            if let existing = nodes[node].literals[text[...]] { return existing.node }
            nodes.append(Node())
            nodes[node].literals[text[...]] = (text, nodes.count - 1)
        case .variable(let prefix, let suffix):
            if let existing = nodes[node].variables.first(where: { $0.prefix == prefix && $0.suffix == suffix }) { return existing.node }
            nodes.append(Node())
            nodes[node].variables.append((prefix, suffix, nodes.count - 1))
            nodes[node].variables.sort { $0.prefix.count + $0.suffix.count > $1.prefix.count + $1.suffix.count }
        }
        return nodes.count - 1
    }

    /// `path` after the API's base path, percent-encoded ("" is taken for "/").
    func route(method: String, path: Substring) -> ContractRoute {
        guard path.isEmpty || path.first == "/" else { return .unknownPath }
        var captures: [Substring] = []
        guard let index = match(path.dropFirst(), from: 0, captures: &captures) else { return .unknownPath }
        let endpoint = endpoints[index]
        let lookedUp = method == "HEAD" && !endpoint.operations.contains { $0.method == "HEAD" } ? "GET" : method
        guard let operation = endpoint.operations.first(where: { $0.method == lookedUp }) else {
            return .methodNotAllowed(allowed: endpoint.allowed)
        }
        let parameters = captures.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: zip(endpoint.template.parameterNames, captures))
        return .operation(operation, pathParameters: parameters)
    }

    /// The endpoint `rest` (the path after a `/`) leads to from `node`, trying literals before templates. Segments
    /// are split and compared as bytes: Swift's `Character`s would take `/` followed by a combining mark for
    /// something else than a separator, and `é` written in two code points for `é` written in one.
    private func match(_ rest: Substring, from node: Int, captures: inout [Substring]) -> Int? {
        let end = rest.utf8.firstIndex(of: UInt8(ascii: "/")) ?? rest.endIndex
        let raw = rest[..<end]
        let segment: Substring
        if raw.utf8.contains(UInt8(ascii: "%")) {
            guard let decoded = PercentDecoding.decode(raw) else { return nil }
            segment = decoded[...]
        } else {
            segment = raw
        }
        let next = end == rest.endIndex ? nil : rest[rest.utf8.index(after: end)...]
        if let literal = nodes[node].literals[segment], literal.text.hasSameCodePoints(as: segment),
            let found = endpoint(after: literal.node, next, captures: &captures)
        {
            return found
        }
        let bytes = segment.utf8
        for variable in nodes[node].variables
        where bytes.count > variable.prefix.utf8.count + variable.suffix.utf8.count && bytes.starts(with: variable.prefix.utf8)
            && bytes.reversed().starts(with: variable.suffix.utf8.reversed())
        {
            let start = bytes.index(bytes.startIndex, offsetBy: variable.prefix.utf8.count)
            let end = bytes.index(bytes.endIndex, offsetBy: -variable.suffix.utf8.count)
            captures.append(segment[start..<end])
            if let found = endpoint(after: variable.node, next, captures: &captures) { return found }
            captures.removeLast()
        }
        return nil
    }

    /// The endpoint at `node` when the path ends there, else where the rest of it leads.
    private func endpoint(after node: Int, _ rest: Substring?, captures: inout [Substring]) -> Int? {
        guard let rest else { return nodes[node].endpoint }
        return match(rest, from: node, captures: &captures)
    }
}
