/// Strings (Validation §6.3: lengths in code points, patterns searched unanchored) and numbers (§6.2).
extension SchemaTable {
    func check(_ text: String, against rules: Schema.StringRules, at path: [SchemaFailure.Step]) -> SchemaFailure? {
        if rules.minLength != nil || rules.maxLength != nil {
            let length = text.unicodeScalars.count
            if let minimum = rules.minLength, length < minimum {
                return SchemaFailure(path: path, message: "must have at least \(Self.counted(minimum, "character"))")
            }
            if let maximum = rules.maxLength, length > maximum {
                return SchemaFailure(path: path, message: "must have at most \(Self.counted(maximum, "character"))")
            }
        }
        if let pattern = rules.pattern, !pattern.matches(text) {
            return SchemaFailure(path: path, message: "must match the pattern \(pattern.source)")
        }
        return nil
    }

    func check(_ number: JSONNumber, against rules: Schema.NumberRules, at path: [SchemaFailure.Step]) -> SchemaFailure? {
        if let minimum = rules.minimum, number < minimum {
            return SchemaFailure(path: path, message: "must be at least \(minimum)")
        }
        if let minimum = rules.exclusiveMinimum, number <= minimum {
            return SchemaFailure(path: path, message: "must be greater than \(minimum)")
        }
        if let maximum = rules.maximum, number > maximum {
            return SchemaFailure(path: path, message: "must be at most \(maximum)")
        }
        if let maximum = rules.exclusiveMaximum, number >= maximum {
            return SchemaFailure(path: path, message: "must be less than \(maximum)")
        }
        if let divisor = rules.multipleOf, !number.isMultiple(of: divisor) {
            return SchemaFailure(path: path, message: "must be a multiple of \(divisor)")
        }
        return nil
    }
}
