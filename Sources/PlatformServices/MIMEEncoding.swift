import Foundation

/// The two MIME encodings a plain-text message of ours needs, both producing short ASCII lines.
enum MIMEEncoding {
    /// RFC 2047 encoded-words (`=?utf-8?B?…?=`), each at most 75 characters and holding whole Unicode scalars
    /// (§5), joined by folding whitespace (CRLF SP), which a reader drops between encoded-words (§6.2).
    static func encodedWords(_ text: String) -> String {
        var words: [String] = []
        var chunk: [UInt8] = []
        func flush() {
            words.append("=?utf-8?B?" + Data(chunk).base64EncodedString() + "?=")
            chunk.removeAll()
        }
        // 75 - "=?utf-8?B?".count - "?=".count = 63 Base64 characters at most: 45 bytes.
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > 45 { flush() }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { flush() }
        return words.joined(separator: "\r\n ")
    }

    /// Quoted-printable (RFC 2045 §6.7) of `text` in UTF-8, with CRLF line breaks and lines of at most 76
    /// characters (soft breaks `=` at the end of a line).
    ///
    /// Besides what the rules require (`=`, bytes outside 33…126, a space or tab ending a line), a `.` starting a line
    /// is encoded too: a `sendmail` run without `-i` takes a line holding a lone dot for the end of the message.
    static func quotedPrintable(_ text: String) -> String {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
        return lines.map { line in
            let bytes = Array(line.utf8)
            var output: [String] = []
            var current = ""
            for (index, byte) in bytes.enumerated() {
                let endsLine = index == bytes.count - 1
                var piece = quotedPrintable(byte, startsLine: current.isEmpty, endsLine: endsLine)
                // A soft break takes one character, except on the line's last piece, which may use all 76.
                if current.count + piece.count > (endsLine ? 76 : 75) {
                    output.append(current + "=")
                    current = ""
                    piece = quotedPrintable(byte, startsLine: true, endsLine: endsLine)
                }
                current += piece
            }
            output.append(current)
            return output.joined(separator: "\r\n")
        }.joined(separator: "\r\n")
    }

    /// One byte as itself or as `=XX`.
    private static func quotedPrintable(_ byte: UInt8, startsLine: Bool, endsLine: Bool) -> String {
        let literal: Bool
        switch byte {
        case UInt8(ascii: "="): literal = false
        case UInt8(ascii: "."): literal = !startsLine
        case UInt8(ascii: " "), UInt8(ascii: "\t"): literal = !endsLine
        default: literal = (33...126).contains(byte)
        }
        guard !literal else { return String(UnicodeScalar(byte)) }
        let hex = String(byte, radix: 16, uppercase: true)
        return "=" + (hex.count == 1 ? "0" + hex : hex)
    }
}
