/// A place in an OpenAPI document, written as an operator finds it in their file: member names joined by dots,
/// array positions in brackets (`paths./shops/{id}.get.parameters[0]`).
struct DocumentLocation: Hashable, Sendable, CustomStringConvertible {
    var description: String

    static let root = DocumentLocation(description: "")

    func appending(_ name: String) -> DocumentLocation {
        DocumentLocation(description: description.isEmpty ? name : description + "." + name)
    }

    func appending(index: Int) -> DocumentLocation {
        DocumentLocation(description: description + "[\(index)]")
    }
}
