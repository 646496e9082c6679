/// An API's interface contract, compiled from its OpenAPI 3.0 or 3.1 document once per document change, which the
/// gateway consults on every call (issue 18): ``route(method:path:)`` finds the operation, then
/// ``ContractOperation/check(_:)`` holds the request to its parameters and body.
///
/// Both read tables built here (a tree of path segments, compiled schemas, compiled patterns): nothing of the
/// document is read again per call.
package struct CompiledContract: Sendable {
    private let routes: RouteTable

    /// Compiles `text`, JSON when it starts with `{` and YAML otherwise; the error says in plain words what is wrong
    /// and where, for the operator.
    package init(openAPI text: String) throws(ContractError) {
        routes = try ContractCompiler.routes(of: OpenAPIDocument(text: text))
    }

    /// Where a request lands. `path` is the part of the request path after the API's base path (`/shops/rennes-centre`),
    /// still percent-encoded; `method` is uppercase (`GET`). `HEAD` is served by a `GET` operation.
    package func route(method: String, path: Substring) -> ContractRoute {
        routes.route(method: method, path: path)
    }
}
