import APIGateway
import AuthorizationServer
import DeveloperPortal
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import PlatformPages
import PlatformServices
import PlatformStore
import PlatformStorePostgres
import PlatformStoreSQLite
import ServiceLifecycle
import Tracing

/// The composition root: opens the store, wires the features into one Hummingbird application, and gives
/// the administrative commands their ``Provisioning``.
package struct Platform: Sendable {
    package let store: any PlatformStore
    package let provisioning: Provisioning
    package let vault: CredentialVault
    /// Where the platform's e-mail goes (``MailConfiguration``).
    package let mailer: any Mailer

    private init(store: any PlatformStore, vault: CredentialVault, mailer: any Mailer, clock: WallClock, tracer: any Tracer) {
        self.store = store
        self.vault = vault
        self.mailer = mailer
        provisioning = Provisioning(store: store, vault: vault, clock: clock, tracer: tracer)
    }

    /// Opens the database (checking that it can be reached and applying its pending migrations) and loads the
    /// master key, which is read first: a PostgreSQL database without one is refused before any connection. The
    /// server's `tracer` spans the store's calls and bcrypt inside its requests (issue 14, item 2).
    package static func open(
        _ database: DatabaseLocation, masterKey: MasterKeySource, clock: WallClock = .system,
        mail: MailConfiguration = MailConfiguration(), logger: Logger = Platform.silent, metrics: PlatformMetrics = .none,
        tracer: any Tracer = NoOpTracer()
    ) async throws -> Platform {
        let vault = CredentialVault(masterKey: try masterKey.load(for: database))
        let mailer = try mail.makeMailer(for: database, clock: clock)
        switch database {
        case .sqlite(let path):
            return Platform(
                store: try SQLitePlatformStore(
                    path: path, clock: clock, metrics: DatabaseMetrics(driver: "sqlite", factory: metrics.factory), tracer: tracer),
                vault: vault, mailer: mailer, clock: clock, tracer: tracer)
        case .postgres(let url):
            return Platform(
                store: try await PostgresPlatformStore(
                    url: try PostgresDatabaseURL(url), clock: clock, logger: logger,
                    metrics: DatabaseMetrics(driver: "postgres", factory: metrics.factory), tracer: tracer), vault: vault,
                mailer: mailer, clock: clock, tracer: tracer)
        }
    }

    /// Opens the database, master key and mailer that `configuration` names, on its clock.
    package static func open(
        _ configuration: PlatformConfiguration, logger: Logger = Platform.silent, metrics: PlatformMetrics = .none,
        tracer: any Tracer = NoOpTracer()
    ) async throws -> Platform {
        try await open(
            configuration.database, masterKey: configuration.masterKey, clock: configuration.clock, mail: configuration.mail,
            logger: logger, metrics: metrics, tracer: tracer)
    }

    /// The provisioning of a command whose change a developer is told about by e-mail (issue 13, item 5), through
    /// this platform's mailer: a message that cannot be sent goes to `logger`, control characters escaped.
    package func notifyingProvisioning(publicURL: String?, logger: Logger) -> Provisioning {
        provisioning.notifying(Notifier(mailer: mailer, publicURL: { publicURL }, logger: EscapingLogHandler.wrapping(logger)))
    }

    /// The logger of a platform opened for one command: its driver's background noise is not the command's output.
    package static let silent = Logger(label: "orangerie", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Lets go of the database's connections; the platform is not used afterwards.
    package func close() async {
        await store.shutdown()
    }

    /// The demo application's credentials, handed to `onDemoReady` once the server listens.
    package typealias DemoHandler = @Sendable (ProvisionedApplication, _ baseURL: String) -> Void

    /// Builds the server: routes, caches, the change-feed follower, TLS when configured.
    package static func makeServer(
        configuration: PlatformConfiguration,
        logger: Logger,
        onDemoReady: @escaping DemoHandler = { _, _ in },
        onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in },
        onMetricsRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
    ) async throws -> PlatformServer {
        try configuration.validate()
        let logger = EscapingLogHandler.wrapping(logger)
        let clock = configuration.clock
        let export = MetricsExport(configuration.metrics)
        let tracing = try configuration.tracing.makeBackend(logger: logger)
        let platform = try await Platform.open(configuration, logger: logger, metrics: export.metrics, tracer: tracing.tracer)
        let directory = PlatformDirectory()
        let consents = ConsentCache()
        var wakeUps: (@Sendable () -> AsyncStream<Void>)?
        if let notifier = platform.store as? any ChangeNotifier {
            wakeUps = { notifier.changeNotifications() }
        }
        let follower = ChangeFeedFollower(
            store: platform.store, directory: directory, consents: consents, interval: configuration.changeFeedInterval,
            wakeUps: wakeUps, logger: logger)
        try await follower.loadAll()
        if directory.signingKeys.isEmpty {
            _ = try await platform.provisioning.rotateSigningKey(now: clock.now())
            try await follower.catchUp()
        }

        let scheme = configuration.tls == nil ? "http" : "https"
        let tokenCache = IssuedTokenCache(clock: clock)
        let limits = try await LimitCounting.make(for: configuration, store: platform.store, metrics: export.metrics, logger: logger)
        let gateway = GatewayConfiguration(
            upstreamTimeout: configuration.upstreamTimeout, connectTimeout: configuration.upstreamConnectTimeout,
            upstreamTrustRoots: configuration.upstreamTrustRoots)
        let upstreams = try UpstreamConnections(configuration: gateway)

        let router = Router(context: PlatformRequestContext.self)
        router.add(middleware: RequestFactsMiddleware())
        if tracing.service != nil { router.add(middleware: TracingMiddleware(tracer: tracing.tracer)) }
        let requestMetrics = configuration.metrics.address == nil ? nil : MetricsMiddleware(metrics: export.metrics)
        if let requestMetrics { router.add(middleware: requestMetrics) }
        let proxies = configuration.trustedProxies.isEmpty ? nil : try TrustedProxies(configuration.trustedProxies)
        if let proxies { router.add(middleware: ClientAddressMiddleware(proxies: proxies)) }
        router.add(middleware: AuditActorMiddleware())
        router.add(middleware: RequestIDMiddleware())
        router.add(middleware: RequestLogMiddleware())
        let issuer = Issuer(publicURL: configuration.publicURL)
        let verifier = AccessTokenVerifier(
            directory: directory, store: platform.store, tokenCache: tokenCache, consents: consents, clock: clock)
        let usage = UsageRecorder(store: platform.store, clock: clock, isCounting: configuration.countsUsage, logger: logger, metrics: export.metrics)
        let apiGateway = APIGateway<PlatformRequestContext>(
            directory: directory, verifier: verifier, limiter: limits.limiter, usage: usage, connections: upstreams,
            vault: platform.vault, configuration: gateway, scheme: scheme, publicURL: { issuer.baseURL(forAuthority: $0) }, clock: clock,
            metrics: export.metrics, tracer: tracing.tracer)
        router.add(middleware: apiGateway)
        // Below the router, the gateway's calls run on channels (issue 15, item 1); with tracing on, the router serves
        // them, inside their spans.
        let dataPath =
            tracing.service != nil
            ? nil
            : apiGateway.dataPath(
                connections: upstreams, serverName: Self.serverName, logger: logger,
                origin: { peer, fields in ClientAddressMiddleware.origin(peer: peer, fields: fields, proxies: proxies) },
                finished: { call in
                    if call.baseLogger.logLevel <= RequestLogMiddleware.level(path: call.path, status: call.status) {
                        RequestLogMiddleware.log(
                            method: call.method, path: call.path, status: call.status, elapsed: .now - call.started, facts: call.facts,
                            client: call.clientAddress, logger: call.logger)
                    }
                    requestMetrics?.record(path: call.path, status: call.status, since: call.started, facts: call.facts)
                })
        APIGateway.addFallbackRoutes(to: router)
        TokenEndpoint(
            directory: directory, vault: platform.vault, tokens: platform.store, tokenCache: tokenCache, limiter: limits.limiter,
            usage: usage,
            configuration: TokenEndpointConfiguration(
                accessTokenLifetime: configuration.accessTokenLifetime,
                tokenRequestsPerMinute: configuration.tokenRequestsPerMinute),
            issuer: issuer, clock: clock, logger: logger
        ).addRoutes(to: router)
        IntrospectionEndpoint(directory: directory, vault: platform.vault, verifier: verifier, clock: clock, logger: logger)
            .addRoutes(to: router)
        let keyRing = KeyRing(
            directory: directory, vault: platform.vault, clock: clock, overlap: TimeInterval(configuration.accessTokenLifetime))
        keyRing.addRoutes(to: router)
        // A new key is published two JWKS cache lifetimes ahead of use: one for clients' caches, one for the instances'
        // lag and clocks (issue 16, item 3).
        let rotation = configuration.signingKeyRotation.map { period in
            SigningKeyRotation(
                period: period, lead: TimeInterval(2 * KeyRing.jwksCacheLifetime), store: platform.store, directory: directory,
                vault: platform.vault, clock: clock, checkInterval: configuration.signingKeyRotationCheck,
                catchUp: { try await follower.catchUp() }, logger: logger)
        }
        var openID = OpenIDConfiguration()
        openID.accessTokenLifetime = configuration.accessTokenLifetime
        openID.secureCookies = configuration.tls != nil || configuration.publicURL?.lowercased().hasPrefix("https:") == true
        let backChannel = BackChannelLogout(
            directory: directory, keyRing: keyRing, issuer: issuer, clock: clock, configuration: configuration.backChannelLogout, logger: logger)
        try OpenIDProvider(
            directory: directory, store: platform.store, vault: platform.vault, keyRing: keyRing, verifier: verifier,
            tokenCache: tokenCache, consents: consents, issuer: issuer, configuration: openID,
            signInThrottle: limits.signInThrottle(openID, clock: clock), usage: usage, backChannel: backChannel, clock: clock,
            tracer: tracing.tracer, logger: logger, metrics: export.metrics
        ).addRoutes(to: router)
        let accounts = DeveloperAccounts(
            store: platform.store, clock: clock, passwordCost: configuration.passwordCost, tracer: tracing.tracer)
        var mailer = platform.mailer
        var portal = PortalConfiguration()
        if configuration.demo {
            let mailbox = try DemoMailbox(delivering: platform.mailer)
            mailbox.addRoutes(to: router)
            mailer = mailbox
            portal.demoMailboxPath = DemoMailbox.path
        }
        // What the portal, the console and the JSON API change, the developers and administrators hear of (issue 13, item 5).
        let provisioning = platform.provisioning.notifying(Notifier(mailer: mailer, publicURL: { issuer.baseURL }, logger: logger))
        portal.secureCookies = openID.secureCookies
        portal.sessionLifetime = TimeInterval(openID.sessionLifetime)
        portal.secretRenewalGrace = configuration.secretRenewalGrace
        try DeveloperPortal(
            store: platform.store, accounts: accounts, provisioning: provisioning, vault: platform.vault,
            mailer: mailer, limiter: limits.limiter, verifier: verifier,
            catchUp: {
                do { try await follower.catchUp() } catch { logger.error("Could not read the change feed", metadata: ["error": "\(error)"]) }
            }, publicURL: { issuer.baseURL }, clock: clock, configuration: portal,
            providerSignInPath: OpenIDProvider.Paths.portalLogin, providerSessionCookie: OpenIDProvider.sessionCookie, logger: logger
        ).addRoutes(to: router)
        let readiness = Readiness(directory: directory, storeAnswers: { try await platform.store.checkHealth() })
        readiness.addRoute(to: router)
        router.get("/healthz") { _, context -> Response in
            do {
                try await platform.store.checkHealth()
                return Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
            } catch {
                context.logger.error("Health check failed", metadata: ["error": "\(error)"])
                return Response(status: .serviceUnavailable)
            }
        }
        configuration.mail.announce(for: configuration.database, demo: configuration.demo, logger: logger)
        if configuration.demo {
            logger.warning("DEMO MODE: a demo API and application with known credentials are provisioned. Never use --demo in production.")
            DemoUpstream.addRoutes(to: router)
        }

        let openFiles = OpenFilesLimit.raiseToHardLimit()
        let state = StateMetrics(metrics: export.metrics, tokenCache: tokenCache, consents: consents, directory: directory, lag: follower.lag)
        let application = Application(
            router: router,
            server: try serverBuilder(tls: configuration.tls, limits: configuration.connectionLimits, dataPath: dataPath, logger: logger),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: Self.serverName,
                availableConnectionsDelegate: MaximumAvailableConnections(
                    max(64, openFiles - configuration.connectionLimits.reservedFileDescriptors), logger: logger)),
            // Shut down in reverse order, after the server (which Hummingbird adds last): the counters' and the
            // usage's last flush, then the store's connections, then the last spans' export.
            services: [tracing.service].compactMap { $0 } + export.services(samplers: [state.sample], logger: logger, onRunning: onMetricsRunning)
                + [StoreShutdown(platform: platform), usage] + limits.services + [
                follower, upstreams, ExpiredRecordPruner(store: platform.store, clock: clock, logger: logger), backChannel,
            ] + [rotation].compactMap { $0 },
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                let host = configuration.isLoopback || ["0.0.0.0", "::"].contains(configuration.host) ? "127.0.0.1" : configuration.host
                let baseURL = "\(scheme)://\(host):\(port)"
                issuer.listening(at: baseURL)
                logger.info("Orangerie listening", metadata: ["url": "\(baseURL)", "database": "\(configuration.database)"])
                if configuration.demo {
                    do {
                        let demo = try await DemoProvisioning.ensure(
                            provisioning: platform.provisioning, developers: platform.store, accounts: accounts, baseURL: baseURL)
                        try await follower.catchUp()
                        onDemoReady(demo, baseURL)
                    } catch {
                        logger.error("Could not provision the demo", metadata: ["error": "\(error)"])
                    }
                }
                await onServerRunning(port)
            },
            logger: logger)
        return PlatformServer(application: application, readiness: readiness, timing: configuration.shutdown, logger: logger)
    }

    /// Builds the server and runs it until SIGTERM or SIGINT, then shuts down gracefully.
    package static func serve(
        configuration: PlatformConfiguration, logger: Logger, onDemoReady: @escaping DemoHandler
    ) async throws {
        try await makeServer(configuration: configuration, logger: logger, onDemoReady: onDemoReady).runUntilSignalled()
    }

    /// What every answer's `Server` field says.
    static let serverName = "Orangerie"

    /// Plain HTTP/1.1, or HTTPS refusing anything below TLS 1.2 (seed 000); either way every connection is held
    /// to the ``ConnectionLimits`` before a route sees its requests, and the gateway's calls go to its channel data
    /// path when there is one.
    private static func serverBuilder(
        tls: PlatformConfiguration.TLSFiles?, limits: ConnectionLimits, dataPath: GatewayDataPath?, logger: Logger
    ) throws -> HTTPServerBuilder {
        var decoder = HTTP1Channel.Configuration.DecoderConfiguration()
        decoder.maxHeaderFieldSize = limits.maximumHeadSize
        decoder.maxHeaderListSize = limits.maximumHeadSize
        let http1 = HTTPServerBuilder.http1(
            configuration: HTTP1Channel.Configuration(
                additionalChannelHandlers: [
                    RequestHeadLimitHandler(limits: limits), ConnectionDeadlineHandler(limits: limits, logger: logger),
                    UpgradeRequestHandler(),
                ] + (dataPath.map { [$0.makeHandler()] } ?? []),
                httpDecoderConfiguration: decoder))
        guard let tls else { return http1 }
        var tlsConfiguration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(tls.certificateChainPath).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: tls.privateKeyPath, format: .pem)))
        tlsConfiguration.minimumTLSVersion = .tlsv12
        return try .tls(http1, tlsConfiguration: tlsConfiguration)
    }
}
