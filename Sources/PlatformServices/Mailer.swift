import Foundation

/// Where the platform's e-mail goes (issue 12): a directory outbox in tests and demos, or a `sendmail`-compatible
/// command in production. No SMTP code of ours (ARCHITECTURE.md, "Chosen dependencies").
package protocol Mailer: Sendable {
    /// Hands `message` over for delivery; returns once the outbox or the mail command has accepted it.
    func send(_ message: MailMessage) async throws
}
