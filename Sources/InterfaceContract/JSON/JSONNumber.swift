/// A JSON number (RFC 8259 §6) as a schema sees it: an integer literal that fits 64 bits is kept exact, any other
/// number is a finite `Double` (numbers beyond its range are refused by ``JSONReader``).
///
/// Equality and order are mathematical, as JSON Schema 2020-12 §4.2.2 asks ("1" and "1.0" are the same number): an
/// exact integer equals a double only when the double is that very integer.
enum JSONNumber: Sendable {
    case integer(Int64)
    case double(Double)

    var doubleValue: Double {
        switch self {
        case .integer(let value): Double(value)
        case .double(let value): value
        }
    }

    /// JSON Schema 2020-12 (Validation §6.1.1): "integer" is any number with a zero fractional part, 1.0 included.
    var isInteger: Bool {
        switch self {
        case .integer: true
        case .double(let value): value.rounded(.towardZero) == value
        }
    }

    /// The number as an exact 64-bit integer, when it is one.
    var exactInteger: Int64? {
        switch self {
        case .integer(let value): value
        case .double(let value): Int64(exactly: value)
        }
    }

    /// Whether `self` is a multiple of `divisor` (JSON Schema Validation §6.2.1). Exact for integers; for other
    /// numbers the quotient may be off its integer by a few units in the last place (19.99 / 0.01 is
    /// 1998.9999999999998 in binary floating point), which is still counted as a multiple.
    func isMultiple(of divisor: JSONNumber) -> Bool {
        if let value = exactInteger, let divisor = divisor.exactInteger, divisor != 0 {
            return value.remainderReportingOverflow(dividingBy: divisor).partialValue == 0
        }
        let quotient = doubleValue / divisor.doubleValue
        guard quotient.isFinite else { return false }
        return abs(quotient - quotient.rounded()) <= 4 * quotient.ulp
    }
}

extension JSONNumber: Comparable, Hashable {
    static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        switch (lhs, rhs) {
        case (.integer(let left), .integer(let right)): left == right
        case (.integer(let integer), .double(let double)), (.double(let double), .integer(let integer)): Int64(exactly: double) == integer
        case (.double(let left), .double(let right)): left == right
        }
    }

    static func < (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        if case .integer(let left) = lhs, case .integer(let right) = rhs { return left < right }
        return lhs.doubleValue < rhs.doubleValue
    }

    /// Equal numbers have equal doubles, so hashing the double keeps `Hashable`'s contract.
    func hash(into hasher: inout Hasher) {
        hasher.combine(doubleValue)
    }
}

extension JSONNumber: CustomStringConvertible {
    /// The number as a schema message shows it: `3`, `0.01`, `1e+21`.
    var description: String {
        switch self {
        case .integer(let value): String(value)
        case .double(let value): abs(value) < 1e15 ? Int64(exactly: value).map(String.init) ?? String(value) : String(value)
        }
    }
}
