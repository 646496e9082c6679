/// A media type or range that a request body may have (OpenAPI 3.1 §4.8.14: a Request Body Object's `content` is
/// keyed by media type or media type range, RFC 9110 §12.5.1), matched against a `Content-Type` without its
/// parameters and ignoring case (RFC 9110 §8.3.1).
struct MediaRange: Sendable {
    /// Lowercase, without parameters: `application/json`, `application/*`, `*/*`.
    let text: String
    private let type: Substring
    private let subtype: Substring

    init(_ text: String) {
        self.text = String(Self.essence(of: text[...])).lowercased()
        let slash = self.text.firstIndex(of: "/") ?? self.text.endIndex
        type = self.text[..<slash]
        subtype = self.text[slash...].dropFirst()
    }

    /// `application/json` and the structured syntax suffix `+json` (RFC 6839 §3.1): bodies the gateway reads.
    var isJSON: Bool {
        type != "*" && (subtype == "json" || subtype.hasSuffix("+json"))
    }

    /// How closely this range names `contentType`: 2 for the very type, 1 for `type/*`, 0 for `*/*`, nil when it
    /// does not (RFC 9110 §12.5.1: "more specific media ranges … override less specific" ones).
    func specificity(for contentType: Substring) -> Int? {
        let essence = Self.essence(of: contentType)
        let slash = essence.utf8.firstIndex(of: UInt8(ascii: "/")) ?? essence.endIndex
        let requestedType = essence[..<slash], requestedSubtype = Substring(essence[slash...].utf8.dropFirst())
        if type == "*" { return subtype == "*" ? 0 : nil }
        guard Self.equalIgnoringCase(type, requestedType) else { return nil }
        if subtype == "*" { return 1 }
        return Self.equalIgnoringCase(subtype, requestedSubtype) ? 2 : nil
    }

    /// `type/subtype` without parameters and the whitespace around it, read as bytes (a `;` followed by a combining
    /// mark still starts the parameters).
    private static func essence(of text: Substring) -> Substring {
        let isDelimiter = { (byte: UInt8) in byte == UInt8(ascii: ";") || byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        let bytes = text.utf8.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        return Substring(bytes.prefix { !isDelimiter($0) })
    }

    private static func equalIgnoringCase(_ lowercase: Substring, _ other: Substring) -> Bool {
        lowercase.utf8.elementsEqual(other.utf8.lazy.map { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 | 0x20 : $0 })
    }
}
