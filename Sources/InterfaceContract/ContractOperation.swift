/// One operation of an API's contract (OpenAPI 3.1 §4.8.10), compiled: what ``check(_:)`` holds a request to.
package struct ContractOperation: Sendable {
    /// Uppercase: `GET`, `POST`.
    package var method: String
    /// As the document writes it: `/shops/{id}`.
    package var pathTemplate: String
    /// Path parameters first, then query, then header ones, each in the document's order (operation-level ones
    /// replacing path-level ones of the same name and location, §4.8.9).
    let parameters: [ParameterRule]
    let body: BodyRule?
    let schemas: SchemaTable
    private let readsQuery: Bool

    init(method: String, pathTemplate: String, parameters: [ParameterRule], body: BodyRule?, schemas: SchemaTable) {
        self.method = method
        self.pathTemplate = pathTemplate
        let order: [ParameterRule.Location] = [.path, .query, .header]
        self.parameters = order.flatMap { location in parameters.filter { $0.location == location } }
        self.body = body
        self.schemas = schemas
        readsQuery = parameters.contains { $0.location == .query }
    }

    /// The first problem of the request, nil when it conforms: its parameters (path, query, headers), then its body.
    package func check(_ request: ContractRequest) -> ContractViolation? {
        var query: QueryPairs?
        if readsQuery, let text = request.query {
            do {
                query = try QueryPairs(text)
            } catch {
                let declared = error.name.flatMap { name in parameters.first { $0.location == .query && $0.name.hasSameCodePoints(as: name) } }
                return ContractViolation(.invalidQueryParameter, pointer: declared?.name ?? "", message: "has an invalid percent-encoding")
            }
        }
        for parameter in parameters {
            if let violation = parameter.check(request, query: query, schemas: schemas) { return violation }
        }
        return body?.check(contentType: request.contentType, body: request.body, schemas: schemas)
    }
}
