/// An object of an OpenAPI document with where it is, read member by member with the type each must have: a member
/// of the wrong type is the operator's mistake, said with its place (`paths./shops.get.parameters[0].required must
/// be true or false`).
struct DocumentObject {
    let object: JSONObject
    let location: DocumentLocation

    init(_ object: JSONObject, at location: DocumentLocation) {
        self.object = object
        self.location = location
    }

    /// The object `value` is, or a refusal naming `location` and what was expected.
    init(_ value: JSONInstance, at location: DocumentLocation, expecting what: String) throws(ContractError) {
        guard let object = value.object else { throw ContractError("\(location) must be \(what)") }
        self.init(object, at: location)
    }

    subscript(name: String) -> JSONInstance? {
        object[name]
    }

    func location(of name: String) -> DocumentLocation {
        location.appending(name)
    }

    func bool(_ name: String) throws(ContractError) -> Bool? {
        try member(name, "true or false") { $0.bool }
    }

    func string(_ name: String) throws(ContractError) -> String? {
        try member(name, "text") { $0.string }
    }

    func number(_ name: String) throws(ContractError) -> JSONNumber? {
        try member(name, "a number") { $0.number }
    }

    /// A non-negative integer, as JSON Schema's `minLength`, `maxItems`… are (Validation §6.3.1); `2.0` is one.
    func count(_ name: String) throws(ContractError) -> Int? {
        try member(name, "a non-negative integer") { $0.number?.exactInteger.flatMap { $0 >= 0 ? Int(exactly: $0) : nil } }
    }

    func array(_ name: String) throws(ContractError) -> [JSONInstance]? {
        try member(name, "an array") { $0.array }
    }

    func strings(_ name: String) throws(ContractError) -> [String]? {
        try member(name, "an array of text") { value in
            value.array.flatMap { items in
                let strings = items.compactMap(\.string)
                return strings.count == items.count ? strings : nil
            }
        }
    }

    func object(_ name: String) throws(ContractError) -> DocumentObject? {
        try member(name, "an object") { $0.object }.map { DocumentObject($0, at: location(of: name)) }
    }

    private func member<Value>(_ name: String, _ what: String, _ read: (JSONInstance) -> Value?) throws(ContractError) -> Value? {
        guard let value = object[name] else { return nil }
        guard let read = read(value) else { throw ContractError("\(location(of: name)) must be \(what)") }
        return read
    }
}
