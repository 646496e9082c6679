import ArgumentParser
import Logging
import Platform
import PlatformServices

/// `--public-url` and where mail goes, for the commands whose change the application's developer is told about by
/// e-mail (issue 13, item 5): `subscription approve|reject`, `app suspend|resume`.
struct NotificationOptions: ParsableArguments {
    @Option(help: """
        URL the portal is reached at, for the link to the application's page in the e-mail that tells its developer, \
        e.g. https://api.example.com (env ORANGERIE_PUBLIC_URL); without it, the e-mail has no link.
        """)
    var publicURL: String?

    @OptionGroup var mail: MailOptions

    /// The provisioning of `database`, telling developers by e-mail. A message that cannot be sent is reported on
    /// standard error, and the command still succeeds: its change is made.
    func provisioning(_ database: DatabaseOptions) async throws -> Provisioning {
        let platform = try await Platform.open(database.location, masterKey: database.masterKey, mail: mail.configuration())
        var logger = Logger(label: "orangerie", factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = .warning
        return platform.notifyingProvisioning(publicURL: publicURL ?? Environment.string("ORANGERIE_PUBLIC_URL"), logger: logger)
    }
}
