/// Objects (Validation §6.5, Core §10.3.2) and arrays (Validation §6.4, Core §10.3.1): counts first, so that an
/// oversized container is refused before its members are walked, then members and items in order.
extension SchemaTable {
    func check(_ object: JSONObject, against rules: Schema.ObjectRules, at path: inout [SchemaFailure.Step]) -> SchemaFailure? {
        if let minimum = rules.minProperties, object.count < minimum {
            return SchemaFailure(path: path, message: "must have at least \(Self.counted(minimum, "member"))")
        }
        if let maximum = rules.maxProperties, object.count > maximum {
            return SchemaFailure(path: path, message: "must have at most \(Self.counted(maximum, "member"))")
        }
        for property in rules.properties {
            if let value = object[property.name] {
                if let failure = check(value, at: .member(property.name), against: property.schema, at: &path) { return failure }
            } else if property.isRequired {
                return SchemaFailure(path: path + [.member(property.name)], message: "is required", isMissingMember: true)
            }
        }
        for name in rules.otherRequiredNames where object[name] == nil {
            return SchemaFailure(path: path + [.member(name)], message: "is required", isMissingMember: true)
        }
        guard rules.constrainsOtherMembers else { return nil }
        // Patterns apply to every member (Core §10.3.2.2), `additionalProperties` to those neither named nor matched.
        let checked = rules.patternProperties.isEmpty ? object.members.filter { !rules.propertyNames.contains(CodePoints($0.name)) } : object.members
        for member in checked.sorted(by: { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }) {
            var matched = false
            for (pattern, schema) in rules.patternProperties where pattern.matches(member.name) {
                matched = true
                if let failure = check(member.value, at: .member(member.name), against: schema, at: &path) { return failure }
            }
            guard !matched, !rules.propertyNames.contains(CodePoints(member.name)), let additional = rules.additionalProperties else { continue }
            if let failure = check(member.value, at: .member(member.name), against: additional, at: &path) { return failure }
        }
        return nil
    }

    func check(_ items: [JSONInstance], against rules: Schema.ArrayRules, at path: inout [SchemaFailure.Step]) -> SchemaFailure? {
        if let minimum = rules.minItems, items.count < minimum {
            return SchemaFailure(path: path, message: "must have at least \(Self.counted(minimum, "item"))")
        }
        if let maximum = rules.maxItems, items.count > maximum {
            return SchemaFailure(path: path, message: "must have at most \(Self.counted(maximum, "item"))")
        }
        for (index, item) in items.enumerated() {
            guard let schema = index < rules.prefixItems.count ? rules.prefixItems[index] : rules.items else { continue }
            if let failure = check(item, at: .item(index), against: schema, at: &path) { return failure }
        }
        if rules.uniqueItems {
            var seen = Set<JSONInstance>(minimumCapacity: items.count)
            for item in items where !seen.insert(item).inserted {
                return SchemaFailure(path: path, message: "must not hold the same item twice")
            }
        }
        return nil
    }

    /// Checks a member or an item, one step down `path`.
    private func check(
        _ value: JSONInstance, at step: SchemaFailure.Step, against schema: SchemaID, at path: inout [SchemaFailure.Step]
    ) -> SchemaFailure? {
        path.append(step)
        defer { path.removeLast() }
        return check(value, against: schema, at: &path)
    }

    /// "1 item", "3 members".
    static func counted(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }
}
