/// A Parameter Object (OpenAPI 3.1 §4.8.12) read from the document.
extension ParameterRule {
    /// The rule of the parameter written at `location` (or referred to from there); nil for one the gateway does not
    /// check: `in: cookie`, and a header named `Accept`, `Content-Type` or `Authorization` (§4.8.12.2: "the
    /// parameter definition SHALL be ignored").
    static func compile(_ value: JSONInstance, at location: DocumentLocation, with compiler: inout SchemaCompiler) throws(ContractError) -> ParameterRule? {
        let (resolved, resolvedLocation) = try compiler.document.resolved(value, at: location)
        let parameter = try DocumentObject(resolved, at: resolvedLocation, expecting: "a Parameter Object")
        guard let name = try parameter.string("name"), !name.isEmpty else { throw ContractError("\(parameter.location) has no name") }
        guard let locationName = try parameter.string("in") else {
            throw ContractError("\(parameter.location) (\(name)) has no in: one of path, query, header or cookie")
        }
        guard locationName != "cookie" else { return nil }
        guard let parameterLocation = Location(rawValue: locationName) else {
            throw ContractError("\(parameter.location(of: "in")) is \(locationName); it is one of path, query, header or cookie")
        }
        if parameterLocation == .header, ["accept", "content-type", "authorization"].contains(name.lowercased()) { return nil }
        let isRequired = try parameter.bool("required") == true
        var rule = ParameterRule(name: name, location: parameterLocation, isRequired: isRequired || parameterLocation == .path)
        if let schema = parameter["schema"] {
            let id = try compiler.compile(schema, at: parameter.location(of: "schema"))
            rule.value = try shape(of: parameter, in: parameterLocation, schema: id, compiler: compiler).map { (id, $0) }
        } else if parameter["content"] == nil {
            throw ContractError("\(parameter.location) (\(name)) has neither a schema nor a content")
        }
        return rule
    }

    /// How the parameter's text is read (§4.8.12.4, Style Values; defaults of §4.8.12.2: `form` in the query,
    /// `simple` elsewhere, `explode` only with `form`); nil for an object or a style the gateway does not read
    /// (`matrix`, `label`, `deepObject`), whose value is then taken as it is.
    private static func shape(
        of parameter: DocumentObject, in location: Location, schema: SchemaID, compiler: SchemaCompiler
    ) throws(ContractError) -> ParameterShape? {
        let style = try parameter.string("style") ?? (location == .query ? "form" : "simple")
        let explode = try parameter.bool("explode") ?? (style == "form")
        let comma = UInt8(ascii: ","), space = UInt8(ascii: " "), pipe = UInt8(ascii: "|")
        let delimiters = location == .query ? ["form": comma, "spaceDelimited": space, "pipeDelimited": pipe] : ["simple": comma]
        guard let delimiter = delimiters[style] else { return nil }
        let types = compiler.declared(in: schema) { $0.types }
        if types?.contains(.array) == true {
            let items = compiler.declared(in: schema) { $0.array?.items }
            let kind = ParameterShape.ScalarKind(items.flatMap { compiler.declared(in: $0) { $0.types } })
            return .array(kind, delimiter: explode && location == .query ? nil : delimiter)
        }
        return types?.contains(.object) == true ? nil : .scalar(ParameterShape.ScalarKind(types))
    }
}
