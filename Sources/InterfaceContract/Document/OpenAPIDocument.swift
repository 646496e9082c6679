/// An OpenAPI 3.0 or 3.1 document as read, with the local references (`$ref: '#/components/…'`) it may follow.
///
/// Only references inside the document are followed (OpenAPI 3.1 §4.8.23, RFC 3986 §4.4 same-document
/// references): the gateway compiles one document, and fetching others at compile time would make its behaviour
/// depend on files or hosts that nobody reviewed.
struct OpenAPIDocument {
    let root: JSONObject

    /// At most this many `$ref`s are followed from one place, so that a loop of references ends.
    private static let maximumReferenceChain = 32

    init(text: String) throws(ContractError) {
        guard let root = try DocumentText.read(text).object else {
            throw ContractError("the OpenAPI document is not an object with an openapi field")
        }
        guard let version = root["openapi"] else {
            let swagger = root["swagger"] == nil ? "" : " (it is Swagger: convert it to OpenAPI 3 first)"
            throw ContractError("the OpenAPI document has no openapi field declaring its version, such as openapi: 3.1.0\(swagger)")
        }
        guard let text = version.string, text.hasPrefix("3."), text.dropFirst(2).first?.isNumber == true else {
            throw ContractError("the OpenAPI document declares an openapi version other than 3.x; OpenAPI 3.0 and 3.1 are read")
        }
        self.root = root
    }

    /// `value` itself, or what its `$ref` leads to (OpenAPI 3.1 §4.8.23, Reference Object), with where that is.
    func resolved(_ value: JSONInstance, at location: DocumentLocation) throws(ContractError) -> (JSONInstance, DocumentLocation) {
        var current = (value, location)
        for _ in 0..<Self.maximumReferenceChain {
            guard let reference = current.0["$ref"] else { return current }
            guard let text = reference.string else { throw ContractError("\(current.1).$ref is not text") }
            current = try target(of: text, at: current.1)
        }
        throw ContractError("the $ref at \(location) leads to more than \(Self.maximumReferenceChain) references in a row, or loops")
    }

    /// What a local reference points to: a URI fragment holding a JSON pointer (RFC 6901 §6), percent-decoded, then
    /// `~1` read as `/` and `~0` as `~` (§4).
    func target(of reference: String, at location: DocumentLocation) throws(ContractError) -> (JSONInstance, DocumentLocation) {
        guard reference.first == "#" else {
            throw ContractError("unsupported $ref \(reference) at \(location): only local references (#/…) are followed")
        }
        let pointer = reference.dropFirst()
        guard pointer.isEmpty || pointer.first == "/" else {
            throw ContractError("unsupported $ref \(reference) at \(location): a reference is a JSON pointer such as #/components/schemas/Shop")
        }
        var value = JSONInstance.object(root)
        var targetLocation = DocumentLocation.root
        for escaped in pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            guard let decoded = PercentDecoding.decode(escaped) else {
                throw ContractError("the $ref \(reference) at \(location) has an invalid percent-encoding")
            }
            let token = decoded.replacing("~1", with: "/").replacing("~0", with: "~")
            if let member = value[token] {
                value = member
                targetLocation = targetLocation.appending(token)
            } else if let items = value.array, let index = Int(token), items.indices.contains(index) {
                value = items[index]
                targetLocation = targetLocation.appending(index: index)
            } else {
                throw ContractError("the $ref \(reference) at \(location) points to nothing in the document")
            }
        }
        return (value, targetLocation)
    }
}
