import Foundation
import Platform

/// The mail a test platform wrote to its outbox directory (``DirectoryOutbox``), read back as a mail reader would.
package struct Outbox: Sendable {
    package let directory: String

    package init(directory: String) {
        self.directory = directory
    }

    /// The outbox `configuration` writes to (its default beside the test database, unless it names another).
    package init(_ configuration: PlatformConfiguration) {
        directory = configuration.mail.outbox(for: configuration.database) ?? ""
    }

    /// Every message, oldest first (the file names sort by time).
    package func messages() throws -> [OutboxMessage] {
        guard FileManager.default.fileExists(atPath: directory) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".eml") && !$0.hasPrefix(".") }
            .sorted().map { try OutboxMessage(file: directory + "/" + $0) }
    }

    /// The messages to `address`, oldest first.
    package func messages(to address: String) throws -> [OutboxMessage] {
        try messages().filter { $0.headers["To"]?.lowercased() == address.lowercased() }
    }
}

/// One `.eml` file of an outbox: its raw text, its headers unfolded and decoded, its body decoded.
package struct OutboxMessage: Sendable {
    package let file: String
    package let raw: String
    /// Each header once, by name as written, with RFC 2047 encoded-words decoded.
    package let headers: [String: String]
    /// The quoted-printable body decoded, with LF line breaks.
    package let body: String

    init(file: String) throws {
        self.file = file
        raw = try String(contentsOfFile: file, encoding: .utf8)
        let parts = raw.components(separatedBy: "\r\n\r\n")
        let unfolded = parts[0].replacingOccurrences(of: "\r\n ", with: " ").components(separatedBy: "\r\n")
        headers = Dictionary(
            unfolded.compactMap { line in
                line.firstIndex(of: ":").map { (String(line[..<$0]), Self.decodeWords(String(line[line.index(after: $0)...].drop { $0 == " " }))) }
            }, uniquingKeysWith: { first, _ in first })
        body = Self.decodeQuotedPrintable(parts.dropFirst().joined(separator: "\r\n\r\n"))
    }

    /// The first `http://` or `https://` link of the body, such as a verification link.
    package var link: String? {
        body.firstMatch(of: /https?:\/\/[^\s<>"]+/).map { String($0.output) }
    }

    /// `=?utf-8?B?…?=` words decoded, and the folding space between two of them dropped (RFC 2047 §6.2).
    private static func decodeWords(_ value: String) -> String {
        value.replacing(#/\?= =\?/#, with: "?==?").replacing(#/=\?utf-8\?B\?([A-Za-z0-9+\/=]*)\?=/#) { match in
            Data(base64Encoded: String(match.output.1)).map { String(decoding: $0, as: UTF8.self) } ?? String(match.output.0)
        }
    }

    private static func decodeQuotedPrintable(_ text: String) -> String {
        var bytes: [UInt8] = []
        let encoded = Array(text.replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "\r\n", with: "\n").utf8)
        var index = 0
        while index < encoded.count {
            if encoded[index] == UInt8(ascii: "="), index + 2 < encoded.count,
                let byte = UInt8(String(decoding: encoded[index + 1...index + 2], as: UTF8.self), radix: 16)
            {
                bytes.append(byte)
                index += 3
            } else {
                bytes.append(encoded[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
