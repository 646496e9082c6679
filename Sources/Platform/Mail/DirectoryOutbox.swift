import Foundation
import PlatformServices
import PlatformStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Mail kept, not delivered: each message an RFC 5322 file `TIMESTAMP-RANDOM.eml` in one directory, which any mail
/// reader opens. The default with `--demo` and in tests, which read it back (`Outbox` in PlatformTesting).
///
/// The directory is created on the first message, readable by the platform's user alone (0700), as is each file
/// (0600): a message can hold a sign-in link. A file appears whole or not at all (written under a hidden name,
/// then renamed), and names sort by time.
package struct DirectoryOutbox: Mailer {
    package let directory: String
    let from: MailAddress
    let clock: WallClock

    package init(directory: String, from: MailAddress, clock: WallClock = .system) {
        self.directory = directory
        self.from = from
        self.clock = clock
    }

    package func send(_ message: MailMessage) async throws {
        let now = clock.now()
        let text = message.rendered(from: from, messageID: MailMessage.newMessageID(from: from), date: now)
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let name = Self.timestamp(now) + "-" + RandomString.alphanumeric(count: 8) + ".eml"
        try write(Data(text.utf8), to: name)
    }

    /// `20250701T090500.123`: UTC to the millisecond, sorting as time does.
    private static func timestamp(_ date: Date) -> String {
        date.formatted(
            .iso8601.year().month().day().dateSeparator(.omitted).time(includingFractionalSeconds: true)
                .timeSeparator(.omitted))
    }

    /// Writes `data` to `.NAME.tmp` created with mode 0600, then renames it to `NAME`.
    private func write(_ data: Data, to name: String) throws {
        let temporary = directory + "/." + name + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw OutboxError(path: temporary, errno: errno) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, directory + "/" + name) == 0 else {
            let failure = OutboxError(path: directory + "/" + name, errno: errno)
            unlink(temporary)
            throw failure
        }
    }
}

/// A message could not be written to the outbox.
struct OutboxError: Error, CustomStringConvertible {
    var path: String
    var errno: Int32

    var description: String { "cannot write the mail file \(path): \(String(cString: strerror(errno)))" }
}
