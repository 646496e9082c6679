import Foundation

/// `application/x-www-form-urlencoded` as OAuth 2.0 uses it (RFC 6749 Appendix B, WHATWG URL §5).
///
/// Decoding is strict, as a token endpoint must be: a malformed percent-escape or bytes that are not UTF-8
/// are an error, never silently replaced. It reads bytes, as WHATWG URL §5.1 does: `&`, `=`, `+` and `%` keep their
/// meaning whatever character follows (a combining mark after `&` does not hide the separator).
public enum FormEncoding {
    public struct Field: Hashable, Sendable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public struct MalformedError: Error, Hashable, Sendable {}

    /// Decodes a form body, keeping the order and any repetition of the fields.
    public static func decode(_ body: String) throws(MalformedError) -> [Field] {
        var fields: [Field] = []
        for pair in body.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = try unescape(parts[0])
            let value = parts.count > 1 ? try unescape(parts[1]) : ""
            fields.append(Field(name, value))
        }
        return fields
    }

    /// Decodes a form body given as bytes; bytes that are not UTF-8 make it malformed.
    public static func decode(bytes: some Collection<UInt8>) throws(MalformedError) -> [Field] {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw MalformedError() }
        return try decode(text)
    }

    /// Encodes fields in order, escaping everything but the unreserved characters of RFC 3986.
    public static func encode(_ fields: [Field]) -> String {
        fields.map { escape($0.name) + "=" + escape($0.value) }.joined(separator: "&")
    }

    /// Encodes fields for a URL's query with RFC 3986 percent-encoding, a space as `%20` — as seed 003's
    /// redirect shows it: `error_description=consent%20denied`.
    public static func encodeQuery(_ fields: [Field]) -> String {
        fields.map { escape($0.name, spaceAsPlus: false) + "=" + escape($0.value, spaceAsPlus: false) }.joined(separator: "&")
    }

    /// Escapes one name or value; a space becomes `+`, or `%20` when `spaceAsPlus` is false.
    public static func escape(_ text: some StringProtocol, spaceAsPlus: Bool = true) -> String {
        var escaped = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                escaped.unicodeScalars.append(UnicodeScalar(byte))
            case UInt8(ascii: " ") where spaceAsPlus:
                escaped += "+"
            default:
                escaped += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return escaped
    }

    private static func unescape(_ text: Substring.UTF8View) throws(MalformedError) -> String {
        let spaced = String(decoding: text.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
        guard text.contains(UInt8(ascii: "%")) else { return spaced }
        guard let unescaped = spaced.removingPercentEncoding else { throw MalformedError() }
        return unescaped
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
