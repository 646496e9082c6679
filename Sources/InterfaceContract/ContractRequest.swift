import Foundation

/// What ``ContractOperation/check(_:)`` reads of a request: the gateway fills it from the request it received.
package struct ContractRequest {
    /// From ``ContractRoute/operation(_:pathParameters:)``, percent-decoded.
    package var pathParameters: [String: Substring]
    /// The raw query string, percent-encoded, without `?`; nil when the target has none.
    package var query: Substring?
    /// The values of a header, by lowercase name; one element per field line.
    package var headerValues: (String) -> [String]
    /// The `Content-Type` field value, parameters included.
    package var contentType: String?
    /// Nil when the request has no body.
    package var body: Data?

    package init(
        pathParameters: [String: Substring] = [:], query: Substring? = nil, headerValues: @escaping (String) -> [String] = { _ in [] },
        contentType: String? = nil, body: Data? = nil
    ) {
        self.pathParameters = pathParameters
        self.query = query
        self.headerValues = headerValues
        self.contentType = contentType
        self.body = body
    }
}
