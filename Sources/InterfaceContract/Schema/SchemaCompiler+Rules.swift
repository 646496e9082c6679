/// The keywords that apply to one type of instance each (JSON Schema 2020-12, Validation §6.2–6.5, Core §10.3).
extension SchemaCompiler {
    mutating func objectRules(_ keywords: DocumentObject) throws(ContractError) -> Schema.ObjectRules? {
        let names = ["properties", "required", "patternProperties", "additionalProperties", "minProperties", "maxProperties"]
        guard names.contains(where: { keywords[$0] != nil }) else { return nil }
        var rules = Schema.ObjectRules()
        let required = try keywords.strings("required") ?? []
        if let properties = try keywords.object("properties") {
            for member in properties.object.members {
                let location = properties.location(of: member.name)
                let isRequired = required.contains { $0.hasSameCodePoints(as: member.name) }
                rules.properties.append(
                    .init(
                        name: member.name, schema: try compile(member.value, at: location),
                        isRequired: isRequired ? try !isReadOnly(member.value, at: location) : false))
                rules.propertyNames.insert(CodePoints(member.name))
            }
        }
        rules.otherRequiredNames = required.filter { !rules.propertyNames.contains(CodePoints($0)) }
        if let patterns = try keywords.object("patternProperties") {
            for member in patterns.object.members {
                let location = patterns.location(of: member.name)
                rules.patternProperties.append((try Pattern(member.name, at: location), try compile(member.value, at: location)))
            }
        }
        rules.additionalProperties = try subschema("additionalProperties", of: keywords)
        rules.minProperties = try keywords.count("minProperties")
        rules.maxProperties = try keywords.count("maxProperties")
        return rules
    }

    mutating func arrayRules(_ keywords: DocumentObject) throws(ContractError) -> Schema.ArrayRules? {
        guard ["prefixItems", "items", "minItems", "maxItems", "uniqueItems"].contains(where: { keywords[$0] != nil }) else { return nil }
        if keywords["items"]?.array != nil {
            throw ContractError("\(keywords.location(of: "items")) must be one schema; a list of schemas, one per position, is prefixItems")
        }
        return Schema.ArrayRules(
            prefixItems: try subschemas("prefixItems", of: keywords) ?? [], items: try subschema("items", of: keywords),
            minItems: try keywords.count("minItems"), maxItems: try keywords.count("maxItems"),
            uniqueItems: try keywords.bool("uniqueItems") ?? false)
    }

    func stringRules(_ keywords: DocumentObject) throws(ContractError) -> Schema.StringRules? {
        guard ["minLength", "maxLength", "pattern"].contains(where: { keywords[$0] != nil }) else { return nil }
        return Schema.StringRules(
            minLength: try keywords.count("minLength"), maxLength: try keywords.count("maxLength"),
            pattern: try keywords.string("pattern").map { (source) throws(ContractError) in try Pattern(source, at: keywords.location(of: "pattern")) })
    }

    func numberRules(_ keywords: DocumentObject) throws(ContractError) -> Schema.NumberRules? {
        let names = ["minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum", "multipleOf"]
        guard names.contains(where: { keywords[$0] != nil }) else { return nil }
        let lower = try bound("minimum", "exclusiveMinimum", of: keywords)
        let upper = try bound("maximum", "exclusiveMaximum", of: keywords)
        let multipleOf = try keywords.number("multipleOf")
        if let multipleOf, multipleOf.doubleValue <= 0 {
            throw ContractError("\(keywords.location(of: "multipleOf")) must be a number greater than 0")
        }
        return Schema.NumberRules(
            minimum: lower.inclusive, exclusiveMinimum: lower.exclusive, maximum: upper.inclusive, exclusiveMaximum: upper.exclusive,
            multipleOf: multipleOf)
    }

    /// A bound and its exclusive form: 2020-12's `exclusiveMinimum: 5` (Validation §6.2.5), or OpenAPI 3.0's
    /// `minimum: 5, exclusiveMinimum: true`, which says the same.
    private func bound(
        _ inclusiveName: String, _ exclusiveName: String, of keywords: DocumentObject
    ) throws(ContractError) -> (inclusive: JSONNumber?, exclusive: JSONNumber?) {
        let inclusive = try keywords.number(inclusiveName)
        switch keywords[exclusiveName] {
        case nil, .bool(false)?: return (inclusive, nil)
        case .bool(true)?: return (nil, inclusive)
        case .number(let exclusive)?: return (inclusive, exclusive)
        default: throw ContractError("\(keywords.location(of: exclusiveName)) must be a number (or, in OpenAPI 3.0, true or false)")
        }
    }
}
