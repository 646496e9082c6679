import OAuthCore

/// Reading back what a driver stored as text: the decoding every driver shares, so that SQLite and PostgreSQL
/// refuse the same corrupt values in the same way.
package enum StoredValue {
    /// The case of `Value` spelled `raw`.
    package static func decode<Value: RawRepresentable<String>>(_ type: Value.Type, _ raw: String) throws -> Value {
        guard let value = Value(rawValue: raw) else { throw DatabaseCorruption(column: "\(Value.self)", value: raw) }
        return value
    }

    /// Limits stored as two optional allowances, `100/minute`.
    package static func limits(rate: String?, quota: String?) throws -> Limits {
        func allowance(_ text: String?) throws -> Allowance? {
            guard let text else { return nil }
            guard let allowance = Allowance(text) else { throw DatabaseCorruption(column: "limit", value: text) }
            return allowance
        }
        return Limits(rate: try allowance(rate), quota: try allowance(quota))
    }

    /// A pushed authorization request's parameters, stored form-encoded as they came (RFC 9126 §2.1).
    package static func parameters(_ raw: String) throws -> [FormEncoding.Field] {
        guard let fields = try? FormEncoding.decode(raw) else { throw DatabaseCorruption(column: "parameters", value: raw) }
        return fields
    }
}

/// A stored value that no current type can read: the database was changed by hand or by a newer version.
package struct DatabaseCorruption: Error, CustomStringConvertible {
    package var column: String
    package var value: String

    package init(column: String, value: String) {
        self.column = column
        self.value = value
    }

    package var description: String { "unexpected \(column) '\(value)' in the database" }
}
