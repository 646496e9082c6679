/// Compiles the schemas of one document into a ``SchemaTable``: each inline schema once, each `$ref` target once
/// however many places refer to it (so that a recursive schema compiles to a loop in the table).
///
/// References are local JSON pointers (Core §8.2.3.1 with OpenAPI 3.1 §4.8.24's `#/components/schemas/…`);
/// `$id`, `$anchor` and `$dynamicRef` are not read.
struct SchemaCompiler {
    let document: OpenAPIDocument
    private(set) var schemas: [Schema] = []
    /// Where each schema was written, for the refusals that name one.
    private(set) var locations: [DocumentLocation] = []
    private var references: [String: SchemaID] = [:]

    init(document: OpenAPIDocument) {
        self.document = document
    }

    /// Compiles the schema `value` (an object, or `true` or `false`, Core §4.3.2) written at `location`.
    mutating func compile(_ value: JSONInstance, at location: DocumentLocation) throws(ContractError) -> SchemaID {
        let id = reserve(location)
        schemas[id] = try schema(value, at: location)
        return id
    }

    /// The table, once every schema the operations use is compiled.
    func table() throws(ContractError) -> SchemaTable {
        try checkInPlaceLoops()
        return SchemaTable(schemas: schemas)
    }

    private mutating func reserve(_ location: DocumentLocation) -> SchemaID {
        schemas.append(Schema())
        locations.append(location)
        return schemas.count - 1
    }

    /// The schema a `$ref` names, compiled the first time it is met; a reference met again while its target is still
    /// being compiled (a recursive schema) gets the position reserved for it.
    private mutating func reference(_ text: String, at location: DocumentLocation) throws(ContractError) -> SchemaID {
        if let id = references[text] { return id }
        let (target, targetLocation) = try document.target(of: text, at: location)
        let id = reserve(targetLocation)
        references[text] = id
        schemas[id] = try schema(target, at: targetLocation)
        return id
    }

    private mutating func schema(_ value: JSONInstance, at location: DocumentLocation) throws(ContractError) -> Schema {
        switch value {
        case .bool(let accepts): return Schema(rejectsEverything: !accepts)
        case .object(let object): return try schema(DocumentObject(object, at: location))
        default: throw ContractError("\(location) must be a schema: an object, or true or false")
        }
    }

    private mutating func schema(_ keywords: DocumentObject) throws(ContractError) -> Schema {
        var schema = Schema()
        if let reference = try keywords.string("$ref") {
            schema.reference = try self.reference(reference, at: keywords.location(of: "$ref"))
        }
        schema.types = try types(keywords)
        schema.enumeration = try keywords.array("enum")
        schema.constant = keywords["const"]
        schema.format = try keywords.string("format").flatMap(Format.init(rawValue:))
        schema.object = try objectRules(keywords)
        schema.array = try arrayRules(keywords)
        schema.string = try stringRules(keywords)
        schema.number = try numberRules(keywords)
        schema.allOf = try subschemas("allOf", of: keywords) ?? []
        schema.anyOf = try subschemas("anyOf", of: keywords)
        schema.oneOf = try subschemas("oneOf", of: keywords)
        schema.not = try subschema("not", of: keywords)
        return schema
    }

    /// `type` as one name or a list of names, with OpenAPI 3.0's `nullable: true`.
    private func types(_ keywords: DocumentObject) throws(ContractError) -> JSONTypes? {
        guard let value = keywords["type"] else { return nil }
        var types: JSONTypes = []
        for name in value.array ?? [value] {
            guard let type = name.string.flatMap(JSONTypes.init(name:)) else {
                throw ContractError("\(keywords.location(of: "type")) must be one of \(JSONTypes.allNames.joined(separator: ", ")), or a list of them")
            }
            types.insert(type)
        }
        if try keywords.bool("nullable") == true { types.insert(.null) }
        return types
    }

    mutating func subschema(_ name: String, of keywords: DocumentObject) throws(ContractError) -> SchemaID? {
        guard let value = keywords[name] else { return nil }
        return try compile(value, at: keywords.location(of: name))
    }

    /// `allOf`, `anyOf`, `oneOf`, `prefixItems`: a non-empty list of schemas (Core §10.2.1).
    mutating func subschemas(_ name: String, of keywords: DocumentObject) throws(ContractError) -> [SchemaID]? {
        guard let values = try keywords.array(name) else { return nil }
        guard !values.isEmpty else { throw ContractError("\(keywords.location(of: name)) must list at least one schema") }
        var ids: [SchemaID] = []
        for (index, value) in values.enumerated() {
            ids.append(try compile(value, at: keywords.location(of: name).appending(index: index)))
        }
        return ids
    }

    /// Whether the property schema `value` is `readOnly: true`, itself or through its `$ref`s.
    func isReadOnly(_ value: JSONInstance, at location: DocumentLocation) throws(ContractError) -> Bool {
        var current = value
        var currentLocation = location
        for _ in 0..<16 {
            if current["readOnly"]?.bool == true { return true }
            guard let reference = current["$ref"]?.string else { return false }
            (current, currentLocation) = try document.target(of: reference, at: currentLocation.appending("$ref"))
        }
        return false
    }
}

extension SchemaCompiler {
    /// The first value `read` finds in schema `id` or in what it applies in place (`$ref`, then `allOf`),
    /// depth-first: what a parameter's schema declares its type to be, wherever it declares it.
    func declared<Value>(in id: SchemaID, depth: Int = 0, _ read: (Schema) -> Value?) -> Value? {
        let schema = schemas[id]
        if let value = read(schema) { return value }
        guard depth < 16 else { return nil }
        for next in [schema.reference].compactMap({ $0 }) + schema.allOf {
            if let value = declared(in: next, depth: depth + 1, read) { return value }
        }
        return nil
    }
}
