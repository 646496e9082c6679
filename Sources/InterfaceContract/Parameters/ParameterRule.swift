/// One parameter of an operation (OpenAPI 3.1 §4.8.12), compiled: where it is, whether it is required, and the
/// schema its value is checked against.
struct ParameterRule: Sendable {
    enum Location: String, Sendable {
        case path, query, header
    }

    /// As the document writes it, for messages.
    var name: String
    var location: Location
    var isRequired: Bool
    /// The schema and how text becomes its instance; nil when the value is taken as it is (a `content` parameter,
    /// an object, a style not read here).
    var value: (schema: SchemaID, shape: ParameterShape)?
    /// The name a header is looked up by: lowercase (RFC 9110 §5.1: field names are case-insensitive).
    private var headerName: String

    init(name: String, location: Location, isRequired: Bool) {
        self.name = name
        self.location = location
        self.isRequired = isRequired
        headerName = name.lowercased()
    }

    /// Whether both are the same parameter: a name and a location (§4.8.12: "A unique parameter is defined by a
    /// combination of a name and location"), header names in any case.
    func isSame(as other: ParameterRule) -> Bool {
        location == other.location && (location == .header ? headerName == other.headerName : name.hasSameCodePoints(as: other.name))
    }

    /// The first problem of this parameter in `request`; `query` is its query string, read once for all parameters.
    func check(_ request: ContractRequest, query: QueryPairs?, schemas: SchemaTable) -> ContractViolation? {
        let occurrences: [Substring] =
            switch location {
            case .path: request.pathParameters[name].map { [$0] } ?? []
            case .query: query?.values(named: name) ?? []
            case .header: request.headerValues(headerName).map { $0[...] }
            }
        guard !occurrences.isEmpty else {
            return isRequired ? ContractViolation(missing, pointer: name, message: "is required") : nil
        }
        guard let value else { return nil }
        for instance in value.shape.instances(occurrences, trimming: location == .header) {
            if let failure = schemas.check(instance, against: value.schema) {
                let message = failure.path.isEmpty ? failure.message : "has an item that " + failure.message
                return ContractViolation(invalid, pointer: name, message: message)
            }
        }
        return nil
    }

    private var missing: ContractViolation.Kind {
        switch location {
        case .path: .invalidPathParameter
        case .query: .missingQueryParameter
        case .header: .missingHeader
        }
    }

    private var invalid: ContractViolation.Kind {
        switch location {
        case .path: .invalidPathParameter
        case .query: .invalidQueryParameter
        case .header: .invalidHeader
        }
    }
}
