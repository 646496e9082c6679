/// Where a request lands in an API's contract (OpenAPI 3.1 §4.8.8, Paths Object).
package enum ContractRoute: Sendable {
    /// An operation of the document, with the path's template variables percent-decoded (RFC 3986 §2.1).
    case operation(ContractOperation, pathParameters: [String: Substring])
    /// No path of the document matches: the gateway answers 404, code 60.
    case unknownPath
    /// The path exists but not with this method: the gateway answers 405, code 61, with `Allow` listing `allowed`
    /// (RFC 9110 §15.5.6), `HEAD` wherever `GET` is.
    case methodNotAllowed(allowed: [String])
}
