import OAuthCore

/// The first way a request breaks its operation's contract, with the Orange error the gateway answers.
///
/// The description names where the problem is (the parameter, or the body member as an RFC 6901 pointer) and the
/// schema's rule, never the client's value: `The body member /items/0/quantity must be an integer.`
package struct ContractViolation: Error, Sendable, Hashable {
    package enum Kind: Sendable, Hashable {
        case missingBody
        case invalidBody
        case missingBodyField
        case invalidBodyField
        case missingHeader
        case invalidHeader
        case missingQueryParameter
        case invalidQueryParameter
        case invalidPathParameter
        case unsupportedMediaType
    }

    package var kind: Kind
    /// The JSON pointer of the body's problem ("" for the body itself), or the parameter's name ("" for the query
    /// string as a whole).
    package var pointer: String
    /// Short: "must be an integer", "is required", "must be one of: small, large".
    package var message: String
    package var error: OrangeError
    /// 400, or 415 for ``Kind/unsupportedMediaType``.
    package var status: Int

    init(_ kind: Kind, pointer: String, message: String) {
        self.kind = kind
        self.pointer = pointer
        self.message = message
        let (entry, subject): (OrangeError, String) =
            switch kind {
            case .missingBody: (.missingBody, "The request body")
            case .unsupportedMediaType: (.unsupportedMediaType, "The request body")
            case .invalidBody: (.invalidBody, "The body")
            case .missingBodyField: (.missingBodyField, "The body member \(pointer)")
            case .invalidBodyField: (.invalidBodyField, "The body member \(pointer)")
            case .missingHeader: (.missingHeader, "The header \(pointer)")
            case .invalidHeader: (.invalidHeader, "The header \(pointer)")
            case .missingQueryParameter: (.missingQueryParameter, "The query-string parameter \(pointer)")
            case .invalidQueryParameter:
                (.invalidQueryParameter, pointer.isEmpty ? "The query string" : "The query-string parameter \(pointer)")
            case .invalidPathParameter: (.badRequest, "The path parameter \(pointer)")
            }
        error = entry.describing("\(subject) \(message).")
        status = kind == .unsupportedMediaType ? 415 : 400
    }

    /// A body that fails its schema: a missing member (23), a member that is not valid (24), or the body itself
    /// (22: its type, or a rule about it as a whole).
    init(body failure: SchemaFailure) {
        let kind: Kind = failure.isMissingMember ? .missingBodyField : failure.path.isEmpty ? .invalidBody : .invalidBodyField
        self.init(kind, pointer: failure.pointer, message: failure.message)
    }
}
