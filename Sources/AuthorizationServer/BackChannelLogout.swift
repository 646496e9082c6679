import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import OAuthCore
import PlatformServices
import PlatformStore
import ServiceLifecycle

/// OpenID Connect Back-Channel Logout 1.0: when a browser session ends, each application that got a code in it and
/// registered a `backchannel_logout_uri` receives a logout token by `POST` (§2.5), in the background, so that the
/// user's answer never waits for an application. A delivery that fails (no answer within ``Configuration/timeout``,
/// or anything but a 2xx) is tried again after each of ``Configuration/retryDelays``, then given up and logged.
///
/// A service of the platform's lifecycle: deliveries run while ``run()`` runs, and stop, retries and all, when the
/// platform shuts down. A session that ends before ``run()`` starts waits in a bounded queue.
package struct BackChannelLogout: Service {
    package struct Configuration: Sendable {
        /// The longest one `POST` may take, connection included.
        package var timeout: Duration = .seconds(5)
        /// The waits before each retry: four attempts in about 20 s, well within a logout token's two minutes.
        package var retryDelays: [Duration] = [.seconds(1), .seconds(4), .seconds(15)]
        /// Sessions waiting to be told beyond this many are dropped, the oldest first, and logged.
        package var queueLimit = 10_000

        package init() {}
    }

    /// One ended session, to be told to the applications that got a code in it.
    struct EndedSession: Sendable {
        var subject: String
        var sessionID: String
        var clientIDs: [String]
    }

    private let directory: PlatformDirectory
    private let keyRing: KeyRing
    private let issuer: Issuer
    private let clock: WallClock
    private let configuration: Configuration
    private let logger: Logger
    private let sessions: AsyncStream<EndedSession>
    private let queue: AsyncStream<EndedSession>.Continuation

    package init(
        directory: PlatformDirectory, keyRing: KeyRing, issuer: Issuer, clock: WallClock = .system,
        configuration: Configuration = Configuration(), logger: Logger
    ) {
        self.directory = directory
        self.keyRing = keyRing
        self.issuer = issuer
        self.clock = clock
        self.configuration = configuration
        self.logger = logger
        (sessions, queue) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(configuration.queueLimit))
    }

    /// Queues the tell-tale of an ended session; returns at once.
    func tell(_ session: EndedSession) {
        guard !session.clientIDs.isEmpty else { return }
        if case .dropped = queue.yield(session) {
            logger.error("Back-channel logout queue full: the oldest ended session was dropped")
        }
    }

    /// Delivers until the platform shuts down, then cancels what is in flight. Its own HTTP client follows no
    /// redirect: the registered URI is the one the provider calls.
    package func run() async throws {
        var clientConfiguration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        clientConfiguration.timeout = .init(connect: .init(configuration.timeout), read: .init(configuration.timeout))
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: clientConfiguration)
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                for await session in sessions {
                    for clientID in session.clientIDs {
                        group.addTask { await deliver(session, to: clientID, client: client) }
                    }
                }
            }
        }
        try await client.shutdown()
    }

    /// Signs one logout token for `clientID` and posts it until it is accepted, the retries run out or the platform
    /// stops. Logs name the application and the outcome, never the token.
    private func deliver(_ session: EndedSession, to clientID: String, client: HTTPClient) async {
        guard let uri = directory.application(clientID: clientID)?.logout.backchannelLogoutURI else { return }
        let token: String
        do {
            token = try await keyRing.sign(
                LogoutToken(issuer: issuer.url, clientID: clientID, subject: session.subject, sessionID: session.sessionID, now: clock.now()),
                type: LogoutToken.type)
        } catch {
            logger.error("Could not sign a logout token", metadata: ["client_id": "\(clientID)", "error": "\(error)"])
            return
        }
        for attempt in 0...configuration.retryDelays.count {
            if attempt > 0 {
                do { try await Task.sleep(for: configuration.retryDelays[attempt - 1]) } catch { return }
            }
            guard let failure = await post(token, to: uri, client: client) else {
                logger.info("Back-channel logout delivered", metadata: ["client_id": "\(clientID)", "attempt": "\(attempt + 1)"])
                return
            }
            if Task.isCancelled { return }
            logger.notice(
                "Back-channel logout not accepted", metadata: ["client_id": "\(clientID)", "attempt": "\(attempt + 1)", "failure": "\(failure)"])
        }
        logger.warning("Back-channel logout given up", metadata: ["client_id": "\(clientID)"])
    }

    /// §2.5: `logout_token` in a form body. Nil when the application accepted it (a 2xx, §2.8), else what went wrong:
    /// its status, or the error.
    private func post(_ token: String, to uri: String, client: HTTPClient) async -> String? {
        var request = HTTPClientRequest(url: uri)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Cache-Control", value: "no-store")
        request.body = .bytes(ByteBuffer(string: FormEncoding.encode([.init("logout_token", token)])))
        do {
            let response = try await client.execute(request, timeout: .init(configuration.timeout))
            // §2.8 answers carry nothing the provider needs: read a little, so the connection can be reused.
            _ = try? await response.body.collect(upTo: 16 * 1024)
            return (200..<300).contains(response.status.code) ? nil : "status \(response.status.code)"
        } catch {
            return "\(error)"
        }
    }
}
