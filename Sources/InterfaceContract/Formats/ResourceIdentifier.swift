/// The identifier formats of JSON Schema 2020-12: `uuid` (Validation §7.3.5, RFC 9562 §4's hex-and-dash string)
/// and `uri` (§7.3.5, RFC 3986 §3's absolute `URI`).
enum ResourceIdentifier {
    /// `8-4-4-4-12` hexadecimal digits, either case.
    static func isUUID(_ text: ArraySlice<UInt8>) -> Bool {
        let dashes = [8, 13, 18, 23]
        return text.count == 36
            && text.indices.allSatisfy { index in
                dashes.contains(index - text.startIndex) ? text[index] == UInt8(ascii: "-") : ASCII.hexValue(text[index]) != nil
            }
    }

    /// `scheme ":" …`: a scheme (a letter, then letters, digits, `+`, `-`, `.`), then only characters a URI may
    /// hold (unreserved, reserved, and `%` escapes of two hexadecimal digits), with at most one `#`. The parts
    /// after the scheme are checked character by character, not against their own grammars.
    static func isURI(_ text: ArraySlice<UInt8>) -> Bool {
        guard let colon = text.firstIndex(of: UInt8(ascii: ":")), let first = text.first, ASCII.isLetter(first),
            text[..<colon].allSatisfy({ ASCII.isLetter($0) || ASCII.isDigit($0) || "+-.".utf8.contains($0) })
        else {
            return false
        }
        let rest = text[(colon + 1)...]
        guard rest.filter({ $0 == UInt8(ascii: "#") }).count <= 1 else { return false }
        var index = rest.startIndex
        while index < rest.endIndex {
            let byte = rest[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < rest.endIndex, ASCII.hexValue(rest[index + 1]) != nil, ASCII.hexValue(rest[index + 2]) != nil else {
                    return false
                }
                index += 3
            } else {
                guard ASCII.isLetter(byte) || ASCII.isDigit(byte) || uriPunctuation.contains(byte) else { return false }
                index += 1
            }
        }
        return true
    }

    /// RFC 3986 §2.2 `reserved` and the punctuation of §2.3 `unreserved`.
    private static let uriPunctuation = Set(":/?#[]@!$&'()*+,;=-._~".utf8)
}
