/// A set of scope tokens, written as one space-delimited string on the wire (RFC 6749 §3.3: "The value of the
/// scope parameter is expressed as a list of space-delimited, case-sensitive strings … the order does not
/// matter").
public struct Scopes: Hashable, Sendable, ExpressibleByArrayLiteral, CustomStringConvertible {
    public var tokens: Set<String>

    public init(_ tokens: some Sequence<String>) {
        self.tokens = Set(tokens.filter { !$0.isEmpty })
    }

    public init(arrayLiteral tokens: String...) {
        self.init(tokens)
    }

    /// Reads a `scope` parameter; runs of spaces count as one. Splits at every space byte, even one that a
    /// following combining mark or joiner makes part of a larger character, so that ``description`` reads back.
    public init(parsing value: some StringProtocol) {
        self.init(value.utf8.split(separator: UInt8(ascii: " ")).map { String(decoding: $0, as: UTF8.self) })
    }

    /// The wire form, sorted so that equal sets give equal strings (and equal cache keys).
    public var description: String { tokens.sorted().joined(separator: " ") }

    public var isEmpty: Bool { tokens.isEmpty }

    /// Whether every token of `other` is granted here.
    public func contains(_ other: Scopes) -> Bool { other.tokens.isSubset(of: tokens) }
}
