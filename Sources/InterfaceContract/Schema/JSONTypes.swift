/// The `type` keyword's value (JSON Schema 2020-12, Validation §6.1.1): one type name or several, OpenAPI 3.0's
/// `nullable: true` adding `null` (OpenAPI 3.0.3 §4.7.24.1).
struct JSONTypes: OptionSet, Sendable {
    let rawValue: UInt8

    static let null = JSONTypes(rawValue: 1 << 0)
    static let boolean = JSONTypes(rawValue: 1 << 1)
    static let object = JSONTypes(rawValue: 1 << 2)
    static let array = JSONTypes(rawValue: 1 << 3)
    static let number = JSONTypes(rawValue: 1 << 4)
    static let string = JSONTypes(rawValue: 1 << 5)
    static let integer = JSONTypes(rawValue: 1 << 6)

    init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// The type of that name; nil for a name JSON Schema does not define.
    init?(name: String) {
        guard let index = Self.names.firstIndex(where: { $0.name == name }) else { return nil }
        self = Self.names[index].type
    }

    /// Whether `instance` is of one of these types; an integer is any number with no fractional part.
    func admits(_ instance: JSONInstance) -> Bool {
        switch instance {
        case .null: contains(.null)
        case .bool: contains(.boolean)
        case .object: contains(.object)
        case .array: contains(.array)
        case .string: contains(.string)
        case .number(let number): contains(.number) || (contains(.integer) && number.isInteger)
        }
    }

    /// "an integer", "a string or null": what a message says an instance must be.
    var phrase: String {
        let phrases = Self.names.filter { contains($0.type) }.map(\.phrase)
        guard let last = phrases.last, phrases.count > 1 else { return phrases.first ?? "nothing" }
        return phrases.dropLast().joined(separator: ", ") + " or " + last
    }

    static let allNames = names.map(\.name)

    private static let names: [(name: String, type: JSONTypes, phrase: String)] = [
        ("object", .object, "an object"),
        ("array", .array, "an array"),
        ("string", .string, "a string"),
        ("number", .number, "a number"),
        ("integer", .integer, "an integer"),
        ("boolean", .boolean, "a boolean"),
        ("null", .null, "null"),
    ]
}
