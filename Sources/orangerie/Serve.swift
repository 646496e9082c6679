import ArgumentParser
import Foundation
import Logging
import OAuthCore
import Platform
import PlatformServices
import PlatformStore

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the platform: the token endpoints, the OpenID Connect provider, the API gateway and the health check, on one port.",
        discussion: """
            Plain HTTP is served on loopback addresses only, unless --allow-insecure-http is given for a \
            deployment behind a TLS-terminating proxy; --tls-certificate and --tls-key serve HTTPS with TLS 1.2 \
            or later. The master key comes from ORANGERIE_MASTER_KEY or --master-key-file; for a SQLite database, \
            from the file DATABASE.key when neither is given, created with mode 0600 on first start. Several \
            instances share one PostgreSQL database (--database postgres://…) and one master key. E-mail is written \
            to an outbox directory (DATABASE.outbox by default) unless --mail-command names a sendmail-compatible \
            command that delivers it.
            """)

    @Option(help: "Address to listen on (env ORANGERIE_HOST; default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on, 0 for any free port (env ORANGERIE_PORT; default 8080).")
    var port: Int?

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Seconds an API's upstream may take to answer before the client gets a 504 (env ORANGERIE_UPSTREAM_TIMEOUT; default 30).")
    var upstreamTimeout: Int?

    @Option(
        name: .customLong("upstream-ca"),
        help: ArgumentHelp("PEM file of certificate authorities trusted for https upstreams besides the system's, for backends on a private PKI; repeat for several (env ORANGERIE_UPSTREAM_CA).", valueName: "file"))
    var upstreamCAFiles: [String] = []

    @Option(help: "Seconds a client has to send a whole request head, from its first byte (env ORANGERIE_REQUEST_HEAD_TIMEOUT; default 10).")
    var requestHeadTimeout: Int?

    @Option(help: "Seconds a kept-alive connection may stay silent between requests (env ORANGERIE_IDLE_TIMEOUT; default 60).")
    var idleTimeout: Int?

    @Option(help: "Token requests per minute and application, 0 for no limit (env ORANGERIE_TOKEN_RATE_LIMIT; default 50).")
    var tokenRateLimit: Int?

    @Option(help: "Lifetime of an access token in seconds (env ORANGERIE_TOKEN_LIFETIME; default 3600).")
    var tokenLifetime: Int?

    @Option(
        parsing: .unconditional,
        help: "How long a renewed client_secret still gets tokens, which stop at its end: 0, or whole s, m or h such as 90s, 30m, 12h, at most 48h (env ORANGERIE_SECRET_RENEWAL_GRACE; default 0: the old secret fails at once).",
        transform: Validation.secretRenewalGrace(parsing:))
    var secretRenewalGrace: TimeInterval?

    @Option(
        help: "Rotate the ID token signing key this often: whole h or d such as 720h or 30d, at least 1h. The next key is published two minutes ahead of use and the replaced one stays published for the token lifetime (env ORANGERIE_SIGNING_KEY_ROTATION; default: off, only `orangerie keys rotate` rotates).",
        transform: Serve.rotationPeriod(parsing:))
    var signingKeyRotation: TimeInterval?

    @Flag(help: "Provision a demo API (/poi/v1) and application and print its credentials. Never in production (env ORANGERIE_DEMO).")
    var demo = false

    @Option(help: "PEM certificate chain: serve HTTPS (env ORANGERIE_TLS_CERTIFICATE).")
    var tlsCertificate: String?

    @Option(help: "PEM private key of the certificate (env ORANGERIE_TLS_KEY).")
    var tlsKey: String?

    @Option(help: "URL clients reach the platform at, e.g. https://api.example.com; the OpenID Connect issuer is it plus /openidconnect/fr/v1 (env ORANGERIE_PUBLIC_URL; default http(s)://HOST:PORT).")
    var publicURL: String?

    @Flag(help: "Allow plain HTTP on a non-loopback address, behind a TLS-terminating proxy (env ORANGERIE_ALLOW_INSECURE_HTTP).")
    var allowInsecureHTTP = false

    @Option(
        name: .customLong("trusted-proxy"),
        help: "Address or block (CIDR) of a proxy in front of the platform, whose Forwarded and X-Forwarded-For headers name the client; repeatable (env ORANGERIE_TRUSTED_PROXIES, comma-separated; default none).")
    var trustedProxies: [String] = []

    @Flag(help: "On PostgreSQL, count quotas in memory and add them to the database every 100 ms instead of once per call: faster, but a quota may be passed by what the other instances admitted in the last 100 ms (env ORANGERIE_BATCHED_QUOTAS).")
    var batchedQuotas = false

    @Flag(help: "Do not count calls for the usage pages: only to measure what counting costs, since the pages then show nothing (env ORANGERIE_NO_USAGE_COUNTING).")
    var noUsageCounting = false

    @OptionGroup var mail: MailOptions

    @OptionGroup var metrics: MetricsOptions

    @OptionGroup var tracing: TracingOptions

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical (env ORANGERIE_LOG_LEVEL; default info).")
    var logLevel: String?

    @Option(help: "Log format on standard error: text, or json for one JSON object per line (env ORANGERIE_LOG_FORMAT; default text).")
    var logFormat: String?

    @Option(
        help: "After SIGTERM, how long the server goes on serving with /readyz at 503 so that a load balancer sends new requests elsewhere: 0, or whole s, m or h such as 3s (env ORANGERIE_SHUTDOWN_DELAY; default 0).",
        transform: Serve.shutdownPeriod(parsing:))
    var shutdownDelay: Duration?

    @Option(
        help: "Then, how long requests in flight have to finish before they are cut: whole s, m or h such as 10s, at most 1h (env ORANGERIE_SHUTDOWN_GRACE; default 10s).",
        transform: Serve.shutdownPeriod(parsing:))
    var shutdownGrace: Duration?

    func run() async throws {
        let configuration = try makeConfiguration()
        let levelName = logLevel ?? Environment.string("ORANGERIE_LOG_LEVEL") ?? "info"
        guard let level = Logger.Level(rawValue: levelName) else {
            throw ArgumentParser.ValidationError("unknown log level '\(levelName)'")
        }
        let formatName = logFormat ?? Environment.string("ORANGERIE_LOG_FORMAT") ?? LogFormat.text.rawValue
        guard let format = LogFormat(rawValue: formatName) else {
            throw ArgumentParser.ValidationError("unknown log format '\(formatName)': text or json")
        }
        LoggingSystem.bootstrap(format.handler(label:))
        var logger = Logger(label: "orangerie")
        logger.logLevel = level
        let outbox = configuration.mail.outbox(for: configuration.database)
        try await AuditActor.$current.withValue(.system) {
            try await Platform.serve(configuration: configuration, logger: logger) { demo, baseURL in
                Self.printDemo(demo, baseURL: baseURL, outbox: outbox)
            }
        }
    }

    private func makeConfiguration() throws -> PlatformConfiguration {
        var configuration = PlatformConfiguration()
        configuration.host = host ?? Environment.string("ORANGERIE_HOST") ?? configuration.host
        configuration.port = try port ?? Environment.integer("ORANGERIE_PORT") ?? configuration.port
        configuration.database = database.location
        configuration.masterKey = database.masterKey
        configuration.tokenRequestsPerMinute =
            try tokenRateLimit ?? Environment.integer("ORANGERIE_TOKEN_RATE_LIMIT") ?? configuration.tokenRequestsPerMinute
        configuration.accessTokenLifetime =
            try tokenLifetime ?? Environment.integer("ORANGERIE_TOKEN_LIFETIME") ?? configuration.accessTokenLifetime
        configuration.secretRenewalGrace =
            try secretRenewalGrace ?? Environment.parsed("ORANGERIE_SECRET_RENEWAL_GRACE", Validation.secretRenewalGrace(parsing:))
            ?? configuration.secretRenewalGrace
        configuration.signingKeyRotation =
            try signingKeyRotation ?? Environment.parsed("ORANGERIE_SIGNING_KEY_ROTATION", Serve.rotationPeriod(parsing:))
        if let seconds = try upstreamTimeout ?? Environment.integer("ORANGERIE_UPSTREAM_TIMEOUT") {
            configuration.upstreamTimeout = .seconds(seconds)
        }
        configuration.upstreamTrustRoots = upstreamCAFiles.isEmpty ? (Environment.string("ORANGERIE_UPSTREAM_CA").map { [$0] } ?? []) : upstreamCAFiles
        if let seconds = try requestHeadTimeout ?? Environment.integer("ORANGERIE_REQUEST_HEAD_TIMEOUT") {
            configuration.connectionLimits.requestHeadTimeout = .seconds(seconds)
        }
        if let seconds = try idleTimeout ?? Environment.integer("ORANGERIE_IDLE_TIMEOUT") {
            configuration.connectionLimits.idleTimeout = .seconds(seconds)
        }
        configuration.trustedProxies =
            trustedProxies.isEmpty
            ? (Environment.string("ORANGERIE_TRUSTED_PROXIES")?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? [])
            : trustedProxies
        configuration.demo = try demo || Environment.flag("ORANGERIE_DEMO")
        configuration.batchedQuotas = try batchedQuotas || Environment.flag("ORANGERIE_BATCHED_QUOTAS")
        configuration.countsUsage = try !(noUsageCounting || Environment.flag("ORANGERIE_NO_USAGE_COUNTING"))
        configuration.publicURL = publicURL ?? Environment.string("ORANGERIE_PUBLIC_URL")
        configuration.allowInsecureHTTP = try allowInsecureHTTP || Environment.flag("ORANGERIE_ALLOW_INSECURE_HTTP")
        configuration.mail = try mail.configuration()
        configuration.metrics = try metrics.configuration()
        configuration.shutdown.drainDelay =
            try shutdownDelay ?? Environment.parsed("ORANGERIE_SHUTDOWN_DELAY", Serve.shutdownPeriod(parsing:)) ?? configuration.shutdown.drainDelay
        configuration.shutdown.grace =
            try shutdownGrace ?? Environment.parsed("ORANGERIE_SHUTDOWN_GRACE", Serve.shutdownPeriod(parsing:)) ?? configuration.shutdown.grace
        configuration.tracing = try tracing.configuration()
        let certificate = tlsCertificate ?? Environment.string("ORANGERIE_TLS_CERTIFICATE")
        let key = tlsKey ?? Environment.string("ORANGERIE_TLS_KEY")
        switch (certificate, key) {
        case (let certificate?, let key?):
            configuration.tls = .init(certificateChainPath: certificate, privateKeyPath: key)
        case (nil, nil):
            break
        default:
            throw ArgumentParser.ValidationError("--tls-certificate and --tls-key go together")
        }
        try configuration.validate()
        return configuration
    }

    /// `--signing-key-rotation`: at least an hour (``PlatformConfiguration/validate()`` says so).
    static func rotationPeriod(parsing text: String) throws -> TimeInterval {
        try Validation.seconds(parsing: text, naming: "a rotation period", examples: "720h or 30d", allowingDays: true)
    }

    /// `--shutdown-delay` and `--shutdown-grace`: up to an hour.
    static func shutdownPeriod(parsing text: String) throws -> Duration {
        let seconds = try Validation.seconds(parsing: text, naming: "a shutdown period")
        guard seconds <= 3600 else { throw InvalidInput("a shutdown period of \(text) is longer than 1h") }
        return .seconds(seconds)
    }

    /// Seed 002: the client_id, client_secret and Authorization header a developer copies from MyApps; and where
    /// the platform's e-mail can be read.
    static func printDemo(_ demo: ProvisionedApplication, baseURL: String, outbox: String?) {
        let header = demo.credentials.authorizationHeader()
        let callback = DemoProvisioning.redirectURIs(baseURL: baseURL)[0]
        let text = """

            Demo application "\(demo.application.name)" (\(demo.application.email)), subscribed to \(demo.application.subscriptions.joined(separator: ", ")):
              client_id:            \(demo.credentials.clientID)
              client_secret:        \(demo.credentials.clientSecret)
              Authorization header: \(header)

            Get a token (seed 002):
              curl -X POST -H "Authorization: \(header)" -H "Content-Type: application/x-www-form-urlencoded" -H "Accept: application/json" -d "grant_type=client_credentials" \(baseURL)/oauth/v3/token

            Sign a user in (seed 003): open this in a browser, sign in as \(DemoProvisioning.username) / \(DemoProvisioning.password):
              \(baseURL)/openidconnect/fr/v1/authorize?response_type=code&client_id=\(demo.credentials.clientID)&scope=openid%20profile%20email%20offline_access&redirect_uri=\(FormEncoding.escape(callback))&state=upToYouData
            then exchange the code the callback page shows:
              export DEMO_AUTHORIZATION="\(header)"
            Consents: \(baseURL)/openidconnect/fr/v1/account
            E-mail: \(outbox.map { "not sent; each message is a file in \($0)" } ?? "sent by the mail command")

            Developer portal (issue 12): \(baseURL)/portal, signed in as \(DemoProvisioning.email) / \(DemoProvisioning.password)

            """
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
