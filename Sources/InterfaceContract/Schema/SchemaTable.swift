/// The compiled schemas of one document, which operations share: a ``SchemaID`` is a position in it.
///
/// Checking walks the instance and these compiled schemas only; nothing of the document is read again. The first
/// problem is reported, in a fixed order: `$ref`, `type`, `enum`, `const`, the keywords of the instance's type
/// (an object's members in `properties` order, then the others by name), `format`, then `allOf`, `anyOf`, `oneOf`,
/// `not`.
struct SchemaTable: Sendable {
    let schemas: [Schema]

    /// The first problem of `instance` against the schema `id`, or nil when it is valid.
    func check(_ instance: JSONInstance, against id: SchemaID) -> SchemaFailure? {
        var path: [SchemaFailure.Step] = []
        return check(instance, against: id, at: &path)
    }

    /// `path` leads to `instance` from the root; every step added is removed before returning. The schema's
    /// keywords are read in place (`schemas[id].types`), never copied out as a whole `Schema`: a copy would retain
    /// and release each of its lists, for every schema of every call.
    func check(_ instance: JSONInstance, against id: SchemaID, at path: inout [SchemaFailure.Step]) -> SchemaFailure? {
        if schemas[id].rejectsEverything { return SchemaFailure(path: path, message: "is not allowed") }
        if let reference = schemas[id].reference, let failure = check(instance, against: reference, at: &path) { return failure }
        if let types = schemas[id].types, !types.admits(instance) { return SchemaFailure(path: path, message: "must be \(types.phrase)") }
        if let enumeration = schemas[id].enumeration, !enumeration.contains(instance) {
            return SchemaFailure(path: path, message: "must be one of: " + Self.list(enumeration))
        }
        if let constant = schemas[id].constant, instance != constant {
            return SchemaFailure(path: path, message: "must be " + Self.list([constant]))
        }
        let failure: SchemaFailure? =
            switch instance {
            case .object(let object): schemas[id].object.flatMap { check(object, against: $0, at: &path) }
            case .array(let items): schemas[id].array.flatMap { check(items, against: $0, at: &path) }
            case .string(let text): schemas[id].string.flatMap { check(text, against: $0, at: path) }
            case .number(let number): schemas[id].number.flatMap { check(number, against: $0, at: path) }
            case .null, .bool: nil
            }
        if let failure { return failure }
        if let format = schemas[id].format, !format.accepts(instance) { return SchemaFailure(path: path, message: format.requirement) }
        return checkCombinations(instance, of: id, at: &path)
    }

    /// `allOf`, `anyOf`, `oneOf` and `not` (Core §10.2.1).
    private func checkCombinations(_ instance: JSONInstance, of schema: SchemaID, at path: inout [SchemaFailure.Step]) -> SchemaFailure? {
        for id in schemas[schema].allOf {
            if let failure = check(instance, against: id, at: &path) { return failure }
        }
        if let anyOf = schemas[schema].anyOf, !anyOf.contains(where: { check(instance, against: $0, at: &path) == nil }) {
            return SchemaFailure(path: path, message: "must match at least one of the schemas under anyOf")
        }
        if let oneOf = schemas[schema].oneOf {
            var matches = 0
            for id in oneOf where check(instance, against: id, at: &path) == nil {
                matches += 1
                if matches > 1 { return SchemaFailure(path: path, message: "must match only one of the schemas under oneOf, not several") }
            }
            if matches == 0 { return SchemaFailure(path: path, message: "must match one of the schemas under oneOf") }
        }
        if let not = schemas[schema].not, check(instance, against: not, at: &path) == nil {
            return SchemaFailure(path: path, message: "must not match the schema under not")
        }
        return nil
    }

    /// Values of the schema as a message lists them: text as it is, others as JSON; at most ten.
    private static func list(_ values: [JSONInstance]) -> String {
        let shown = values.prefix(10).map { value in
            switch value {
            case .string(let text): text
            case .number(let number): number.description
            case .bool(let flag): String(flag)
            case .null: "null"
            case .array, .object: "a JSON \(value.array == nil ? "object" : "array")"
            }
        }
        return shown.joined(separator: ", ") + (values.count > 10 ? ", … (\(values.count) values)" : "")
    }
}
