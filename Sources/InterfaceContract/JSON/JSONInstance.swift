/// A JSON value (RFC 8259 §3) as JSON Schema 2020-12 calls it, an instance: what a request body or a parameter is
/// read as, and what an OpenAPI document is read as before it is compiled.
///
/// Unlike `OAuthCore.JSONValue`, it keeps an object's members in order (a schema's `properties` order is the order
/// problems are reported in), keeps integers exact, and never takes `true` for `1` (Foundation's `NSNumber` does).
enum JSONInstance: Sendable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONInstance])
    case object(JSONObject)

    var string: String? {
        if case .string(let value) = self { value } else { nil }
    }

    var object: JSONObject? {
        if case .object(let value) = self { value } else { nil }
    }

    var array: [JSONInstance]? {
        if case .array(let value) = self { value } else { nil }
    }

    var bool: Bool? {
        if case .bool(let value) = self { value } else { nil }
    }

    var number: JSONNumber? {
        if case .number(let value) = self { value } else { nil }
    }

    /// The member called `name` when this is an object.
    subscript(name: String) -> JSONInstance? {
        object?[name]
    }
}

extension JSONInstance: Hashable {
    /// JSON Schema 2020-12 (Core §4.2.2) equality, which `enum`, `const` and `uniqueItems` use: same type and value,
    /// numbers by mathematical value, strings by code points, objects in any member order.
    static func == (lhs: JSONInstance, rhs: JSONInstance) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let left), .bool(let right)): left == right
        case (.number(let left), .number(let right)): left == right
        case (.string(let left), .string(let right)): left.hasSameCodePoints(as: right)
        case (.array(let left), .array(let right)): left == right
        case (.object(let left), .object(let right)): left == right
        default: false
        }
    }

    func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let value): hasher.combine(value)
        case .number(let value): hasher.combine(value)
        case .string(let value): hasher.combine(CodePoints(value))
        case .array(let value): hasher.combine(value)
        case .object(let value): hasher.combine(value)
        }
    }
}
