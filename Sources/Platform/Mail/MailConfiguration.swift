import Foundation
import Logging
import PlatformServices
import PlatformStore

/// How the platform sends e-mail (issue 12): into an outbox directory, or through a `sendmail`-compatible command.
package struct MailConfiguration: Sendable, Hashable {
    package enum Delivery: Sendable, Hashable {
        /// One `.eml` file per message in this directory; nothing leaves the machine.
        case outbox(directory: String)
        /// A `sendmail`-compatible command line, such as `/usr/sbin/sendmail -t`, given each message on its
        /// standard input (msmtp, postfix and exim provide one).
        case command(String)
    }

    /// Nil: an outbox beside the database (``defaultOutbox(for:)``), and a warning at start unless in demo mode.
    package var delivery: Delivery?
    /// The `From:` of every message: `name <address>` or an address.
    package var from = "Orangerie <no-reply@localhost>"
    /// How long the mail command may run before it is killed and the message counts as not sent.
    package var commandTimeout: Duration = .seconds(30)

    package init() {}

    /// The outbox when none is configured: `DATABASE.outbox` beside a SQLite file (as `DATABASE.key`), or
    /// `orangerie.outbox` in the working directory with PostgreSQL.
    package static func defaultOutbox(for database: DatabaseLocation) -> String {
        switch database {
        case .sqlite(let path): path + ".outbox"
        case .postgres: "orangerie.outbox"
        }
    }

    /// Where mail goes with `database`: the configured delivery, or the default outbox.
    package func delivery(for database: DatabaseLocation) -> Delivery {
        delivery ?? .outbox(directory: Self.defaultOutbox(for: database))
    }

    /// The outbox's absolute path when mail goes to one with `database`, for messages to the operator.
    package func outbox(for database: DatabaseLocation) -> String? {
        guard case .outbox(let directory) = delivery(for: database) else { return nil }
        return URL(fileURLWithPath: directory).standardizedFileURL.path
    }

    /// Says at start where mail goes: a warning when nothing was configured outside demo mode, since the mail
    /// then stays in the default outbox. Names the command's program, never its arguments.
    func announce(for database: DatabaseLocation, demo: Bool, logger: Logger) {
        if let outbox = outbox(for: database) {
            if delivery == nil && !demo {
                logger.warning(
                    "Mail is not delivered: each message is written to the outbox; give --mail-command to send it",
                    metadata: ["outbox": "\(outbox)"])
            } else {
                logger.info("Mail is written to the outbox", metadata: ["outbox": "\(outbox)"])
            }
        } else if case .command(let line) = delivery, let program = try? CommandLineWords.split(line).first {
            logger.info("Mail is delivered by a command", metadata: ["program": "\(program)"])
        }
    }

    /// Refuses a `From:` that is not a mailbox and a command line that cannot be split into words.
    func validate() throws(ConfigurationError) {
        do {
            _ = try MailAddress(from)
        } catch {
            throw ConfigurationError("the mail sender (--mail-from): \(error)")
        }
        guard commandTimeout > .zero else { throw ConfigurationError("the mail command timeout must be positive") }
        if case .command(let line) = delivery { _ = try CommandLineWords.split(line) }
    }

    /// The mailer for `database`, sending on `clock`'s time.
    package func makeMailer(for database: DatabaseLocation, clock: WallClock) throws -> any Mailer {
        try validate()
        let sender = try MailAddress(from)
        switch delivery(for: database) {
        case .outbox(let directory):
            return DirectoryOutbox(directory: directory, from: sender, clock: clock)
        case .command(let line):
            return try SendmailCommand(commandLine: line, from: sender, timeout: commandTimeout, clock: clock)
        }
    }
}
