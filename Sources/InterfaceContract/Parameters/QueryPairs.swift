/// A query string read as `application/x-www-form-urlencoded` pairs (WHATWG URL, §5.1): `&`-separated `name=value`
/// (a pair without `=` has an empty value), `+` for a space, percent-decoding (RFC 3986 §2.1) to UTF-8. Split as
/// bytes, never as `Character`s (where `&` followed by a combining mark is no separator).
struct QueryPairs {
    /// A pair that cannot be decoded: the name when it could be, for the message.
    struct Malformed: Error {
        var name: String?
    }

    private var pairs: [(name: String, value: String)] = []

    init(_ query: Substring) throws(Malformed) {
        for bytes in query.utf8.split(separator: UInt8(ascii: "&")) {
            let piece = Substring(bytes)
            let equals = bytes.firstIndex(of: UInt8(ascii: "=")) ?? piece.endIndex
            guard let name = PercentDecoding.decode(piece[..<equals], plusAsSpace: true) else { throw Malformed() }
            let rest = equals == piece.endIndex ? piece[equals...] : piece[piece.utf8.index(after: equals)...]
            guard let value = PercentDecoding.decode(rest, plusAsSpace: true) else { throw Malformed(name: name) }
            pairs.append((name, value))
        }
    }

    /// The decoded values of the pairs named `name`, in order.
    func values(named name: String) -> [Substring] {
        pairs.compactMap { $0.name.hasSameCodePoints(as: name) ? $0.value[...] : nil }
    }
}
