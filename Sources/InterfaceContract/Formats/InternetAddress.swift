/// The address formats of JSON Schema 2020-12 (Validation §7.3.2–7.3.4): `ipv4` (RFC 2673 §3.2 dotted-quad),
/// `ipv6` (RFC 4291 §2.2), `hostname` (RFC 1123 §2.1) and `email` (RFC 5321 §4.1.2 `Mailbox`), ASCII only.
enum InternetAddress {
    /// Four decimal octets, 0 to 255, without leading zeros (which some readers take for octal).
    static func isIPv4(_ text: ArraySlice<UInt8>) -> Bool {
        let octets = text.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return octets.count == 4
            && octets.allSatisfy { octet in
                (1...3).contains(octet.count) && octet.allSatisfy(ASCII.isDigit) && (octet.count == 1 || octet.first != UInt8(ascii: "0"))
                    && octet.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) } <= 255
            }
    }

    /// Eight groups of one to four hexadecimal digits, a run of them possibly written `::` (once), the last two
    /// possibly an IPv4 address (RFC 4291 §2.2, forms 1–3); no zone.
    static func isIPv6(_ text: ArraySlice<UInt8>) -> Bool {
        let elision = Array("::".utf8)
        guard let range = text.firstRange(of: elision) else { return groupCount(text, endingWithIPv4: true) == 8 }
        let head = text[..<range.lowerBound], tail = text[range.upperBound...]
        guard tail.firstRange(of: elision) == nil, let headCount = groupCount(head, endingWithIPv4: false),
            let tailCount = groupCount(tail, endingWithIPv4: true)
        else {
            return false
        }
        return headCount + tailCount <= 7
    }

    /// How many 16-bit groups colon-separated `text` holds (none when empty); nil when one is malformed.
    private static func groupCount(_ text: ArraySlice<UInt8>, endingWithIPv4: Bool) -> Int? {
        guard !text.isEmpty else { return 0 }
        let groups = text.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        var count = 0
        for (index, group) in groups.enumerated() {
            if endingWithIPv4 && index == groups.count - 1 && group.contains(UInt8(ascii: ".")) {
                guard isIPv4(group) else { return nil }
                count += 2
            } else {
                guard (1...4).contains(group.count), group.allSatisfy({ ASCII.hexValue($0) != nil }) else { return nil }
                count += 1
            }
        }
        return count
    }

    /// Labels of 1 to 63 letters, digits and hyphens, neither starting nor ending with a hyphen, joined by dots, 253
    /// characters at most.
    static func isHostname(_ text: ArraySlice<UInt8>) -> Bool {
        guard (1...253).contains(text.count) else { return false }
        return text.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).allSatisfy { label in
            (1...63).contains(label.count) && label.first != UInt8(ascii: "-") && label.last != UInt8(ascii: "-")
                && label.allSatisfy { ASCII.isLetter($0) || ASCII.isDigit($0) || $0 == UInt8(ascii: "-") }
        }
    }

    /// `Local-part "@" ( Domain / address-literal )`: a dot-string or a quoted string, then a host name or an
    /// address in brackets (`[192.0.2.1]`, `[IPv6:2001:db8::1]`).
    static func isMailbox(_ text: ArraySlice<UInt8>) -> Bool {
        guard let at = text.lastIndex(of: UInt8(ascii: "@")) else { return false }
        let local = text[..<at], domain = text[(at + 1)...]
        guard isDotString(local) || isQuotedString(local) else { return false }
        guard domain.first == UInt8(ascii: "["), domain.last == UInt8(ascii: "]") else { return isHostname(domain) }
        let literal = domain.dropFirst().dropLast()
        let ipv6Prefix = Array("IPv6:".utf8)
        return literal.starts(with: ipv6Prefix) ? isIPv6(literal.dropFirst(ipv6Prefix.count)) : isIPv4(literal)
    }

    /// RFC 5321 `Dot-string`: atoms of `atext` (RFC 5322 §3.2.3) joined by single dots.
    private static func isDotString(_ text: ArraySlice<UInt8>) -> Bool {
        text.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).allSatisfy { atom in
            !atom.isEmpty && atom.allSatisfy { ASCII.isLetter($0) || ASCII.isDigit($0) || atextPunctuation.contains($0) }
        }
    }

    /// RFC 5322 §3.2.3 `atext` besides letters and digits.
    private static let atextPunctuation = Set("!#$%&'*+-/=?^_`{|}~".utf8)

    /// RFC 5321 `Quoted-string`: printable ASCII between quotes, `"` and `\` escaped by a backslash.
    private static func isQuotedString(_ text: ArraySlice<UInt8>) -> Bool {
        guard text.count >= 2, text.first == UInt8(ascii: "\""), text.last == UInt8(ascii: "\"") else { return false }
        var escaped = false
        for byte in text.dropFirst().dropLast() {
            guard (0x20...0x7E).contains(byte) else { return false }
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                return false
            }
        }
        return !escaped
    }
}
