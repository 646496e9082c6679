import ArgumentParser
import Platform

/// Where the platform's e-mail goes: shared by `serve` and the commands that write to someone (`api invite`).
struct MailOptions: ParsableArguments {
    @Option(help: "Directory where each e-mail is written as an .eml file instead of being sent (env ORANGERIE_MAIL_OUTBOX; default DATABASE.outbox beside a SQLite file, ./orangerie.outbox with PostgreSQL).")
    var mailOutbox: String?

    @Option(help: "A sendmail-compatible command that delivers each e-mail given on its standard input, e.g. \"/usr/sbin/sendmail -t\" (msmtp, postfix, exim); split into words like a shell, but run without one (env ORANGERIE_MAIL_COMMAND).")
    var mailCommand: String?

    @Option(help: "The From: of the platform's e-mail (env ORANGERIE_MAIL_FROM; default \"Orangerie <no-reply@localhost>\").")
    var mailFrom: String?

    func configuration() throws -> MailConfiguration {
        var configuration = MailConfiguration()
        // A flag replaces the environment's choice, whichever it is: `--mail-command` wins over ORANGERIE_MAIL_OUTBOX.
        let (outbox, command) =
            mailOutbox != nil || mailCommand != nil
            ? (mailOutbox, mailCommand) : (Environment.string("ORANGERIE_MAIL_OUTBOX"), Environment.string("ORANGERIE_MAIL_COMMAND"))
        switch (outbox, command) {
        case (let directory?, nil): configuration.delivery = .outbox(directory: directory)
        case (nil, let command?): configuration.delivery = .command(command)
        case (nil, nil): break
        default: throw ArgumentParser.ValidationError("give --mail-outbox or --mail-command, not both")
        }
        configuration.from = mailFrom ?? Environment.string("ORANGERIE_MAIL_FROM") ?? configuration.from
        return configuration
    }
}
