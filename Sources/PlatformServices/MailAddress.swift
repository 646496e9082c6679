import Foundation

/// A mailbox of a message header (RFC 5322 §3.4): an address, with a display name for `From:`.
///
/// The address is held to the dot-atom form (`local.part@example.com`, ASCII): it then needs no quoting in a
/// header, never starts with `-` (a command such as `sendmail` would take it for an option) and carries no
/// CR or LF (header injection).
package struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    /// `local@domain`.
    package var address: String
    /// The name shown before the address, such as `Orangerie`; any text without control characters.
    package var displayName: String?

    /// Reads `name <local@domain>` or `local@domain`.
    package init(_ text: String) throws(InvalidInput) {
        let text = text.trimmingCharacters(in: .whitespaces)
        if text.hasSuffix(">"), let open = text.lastIndex(of: "<") {
            let name = text[..<open].trimmingCharacters(in: .whitespaces)
            try self.init(address: String(text[text.index(after: open)..<text.index(before: text.endIndex)]), displayName: name.isEmpty ? nil : name)
        } else {
            try self.init(address: text)
        }
    }

    /// An address and an optional display name, each checked.
    package init(address: String, displayName: String? = nil) throws(InvalidInput) {
        guard Self.isDotAtomAddress(address) else {
            throw InvalidInput("'\(address.unicodeScalars.map { $0.escaped(asASCII: true) }.joined())' is not an e-mail address such as name@example.com")
        }
        if let displayName, displayName.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw InvalidInput("a display name has no control characters")
        }
        self.address = address
        self.displayName = displayName
    }

    /// The domain, after the `@`.
    package var domain: Substring { address[address.index(after: address.lastIndex(of: "@")!)...] }

    /// `name <address>` or the bare address.
    package var description: String { displayName.map { "\($0) <\(address)>" } ?? address }

    /// The mailbox as a header value: a display name of letters, digits and spaces as is, any other in RFC 2047
    /// encoded-words (§5: allowed in a phrase).
    var headerValue: String {
        guard let displayName else { return address }
        let plain = displayName.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == " " }
        return (plain ? displayName : MIMEEncoding.encodedWords(displayName)) + " <\(address)>"
    }

    /// RFC 5322 §3.4.1's `dot-atom "@" dot-atom`, ASCII only, at most 254 characters, not starting with `-`, with
    /// a dotted domain of letters, digits and hyphens.
    private static func isDotAtomAddress(_ address: String) -> Bool {
        let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~")
        let label = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard address.count <= 254, parts.count == 2, !address.hasPrefix("-") else { return false }
        let local = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        let domain = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return local.allSatisfy { !$0.isEmpty && $0.allSatisfy(atext.contains) }
            && domain.allSatisfy { !$0.isEmpty && $0.allSatisfy(label.contains) }
    }
}
