import Foundation

/// A plain-text e-mail to one recipient, such as a sign-up's verification link, checked when made so that no
/// header can be injected: the address is a dot-atom (``MailAddress``) and the subject has no control character.
package struct MailMessage: Sendable, Hashable {
    package var to: MailAddress
    package var subject: String
    /// Any text; its line breaks become CRLF.
    package var body: String

    package init(to: String, subject: String, body: String) throws(InvalidInput) {
        guard !subject.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw InvalidInput("a subject is one line, without control characters")
        }
        self.to = try MailAddress(address: to)
        self.subject = subject
        self.body = body
    }

    /// The message as RFC 5322 text with CRLF line endings, ready for an outbox file or `sendmail -t`.
    ///
    /// The body is quoted-printable rather than 8bit: every line is then ASCII and at most 76 characters, which
    /// every relay passes unchanged (8bit needs 8BITMIME all the way and lines under 998 octets, which a long
    /// link could exceed), and a line of a lone `.` cannot end the message early in a `sendmail` without `-i`.
    /// The subject is an RFC 2047 encoded-word when it is not printable ASCII or would not fit on one line; the
    /// message ID keeps only printable ASCII, without `<`, `>` or spaces.
    package func rendered(from: MailAddress, messageID: String, date: Date) -> String {
        let subjectIsPlain = subject.utf8.allSatisfy { (32...126).contains($0) } && subject.utf8.count <= 78 - "Subject: ".count
        let headers = [
            "From: " + from.headerValue,
            "To: " + to.address,
            "Subject: " + (subjectIsPlain ? subject : MIMEEncoding.encodedWords(subject)),
            "Date: " + Self.rfc5322Date(date),
            "Message-ID: <\(messageID.filter { $0.isMessageIDCharacter })>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
        ]
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + MIMEEncoding.quotedPrintable(body) + "\r\n"
    }

    /// A new Message-ID (RFC 5322 §3.6.4) in the sender's domain: 128 random bits, then `@domain`.
    package static func newMessageID(from: MailAddress) -> String {
        RandomString.alphanumeric(count: 22) + "@" + from.domain
    }

    /// `Tue, 01 Jul 2025 09:05:00 +0000` (RFC 5322 §3.3), in UTC, with English names whatever the locale.
    static func rfc5322Date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.weekday, .day, .month, .year, .hour, .minute, .second], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func twoDigits(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        return "\(days[(parts.weekday ?? 1) - 1]), \(twoDigits(parts.day)) \(months[(parts.month ?? 1) - 1]) \(parts.year ?? 1970) "
            + "\(twoDigits(parts.hour)):\(twoDigits(parts.minute)):\(twoDigits(parts.second)) +0000"
    }
}

extension Character {
    /// Printable ASCII but space, `<` and `>`: what a message ID's `id-left@id-right` may hold.
    fileprivate var isMessageIDCharacter: Bool {
        ("!"..."~").contains(self) && self != "<" && self != ">"
    }
}
