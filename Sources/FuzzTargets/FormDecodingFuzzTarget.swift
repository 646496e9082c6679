import OAuthCore

/// `FormEncoding.decode(bytes:)`, which reads every token request body (RFC 6749 Appendix B).
///
/// Checks that decoding never traps; that a body which decodes has as many fields as non-empty `&`-separated
/// pieces, a `%` only at the start of an escape of two hex digits, and a `+` in a name or value only from `%2B`
/// (the WHATWG URL standard reads a form byte by byte, §5.1); and that its fields, encoded again (`encode`, and
/// `encodeQuery` with `%20` for a space), decode to the same names and values byte for byte.
enum FormDecodingFuzzTarget {
    static func run(_ bytes: [UInt8]) {
        guard let fields = try? FormEncoding.decode(bytes: bytes) else { return }
        let pieces = bytes.split(separator: UInt8(ascii: "&"))
        check(fields.count == pieces.count, "form: \(pieces.count) pieces read as \(fields.count) fields: \(fields)")
        check(escapesAreWellFormed(bytes), "form: a malformed escape accepted, read as \(fields)")
        if !containsEscapedPlus(bytes) {
            check(!fields.contains { $0.name.utf8.contains(UInt8(ascii: "+")) || $0.value.utf8.contains(UInt8(ascii: "+")) }, "form: a + kept: \(fields)")
        }
        for encoded in [FormEncoding.encode(fields), FormEncoding.encodeQuery(fields)] {
            let again = try? FormEncoding.decode(encoded)
            check(
                again.map { same($0, fields) } == true,
                "form round trip: \(fields) encoded as \(encoded) decodes to \(again.map(String.init(describing:)) ?? "an error")")
        }
    }

    private static func same(_ lhs: [FormEncoding.Field], _ rhs: [FormEncoding.Field]) -> Bool {
        lhs.count == rhs.count
            && zip(lhs, rhs).allSatisfy { FuzzInput.identical($0.name, $1.name) && FuzzInput.identical($0.value, $1.value) }
    }

    /// Whether every `%` is followed by two hex digits.
    private static func escapesAreWellFormed(_ bytes: [UInt8]) -> Bool {
        bytes.indices.allSatisfy { index in
            bytes[index] != UInt8(ascii: "%")
                || (index + 2 < bytes.count && isHexDigit(bytes[index + 1]) && isHexDigit(bytes[index + 2]))
        }
    }

    private static func containsEscapedPlus(_ bytes: [UInt8]) -> Bool {
        Array(String(decoding: bytes, as: UTF8.self).uppercased().utf8).firstRange(of: Array("%2B".utf8)) != nil
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }
}
