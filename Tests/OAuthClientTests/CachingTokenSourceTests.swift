import Foundation
import Hummingbird
import Logging
import OAuthClient
import OAuthCore
import Platform
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

/// Reuse, single flight, expiry margin, Retry-After, budget and cancellation — against the real token endpoint
/// where it can answer, a fake one where a test needs an answer it never gives.
@Suite struct CachingTokenSourceTests {
    /// Runs the real server with its token requests counted from its own request log.
    static func withCountingPlatform(
        _ body: @Sendable (RunningPlatform, ProvisionedApplication, _ tokenRequests: @escaping @Sendable () -> Int) async throws -> Void,
        configure: (inout PlatformConfiguration) -> Void = { _ in }
    ) async throws {
        var configuration = testConfiguration()
        configure(&configuration)
        let app = try await provisionApplication(configuration)
        let sink = LogSink()
        try await withPlatform(configuration, logger: Logger(label: "server", factory: { _ in CapturingLogHandler(sink: sink) })) { platform in
            try await body(platform, app) { sink.text.components(separatedBy: "POST /oauth/v3/token").count - 1 }
        }
    }

    static func flow(_ platform: RunningPlatform, _ app: ProvisionedApplication, clock: ManualClock? = nil) -> ClientCredentialsTokenSource {
        ClientCredentialsTokenSource(
            tokenURL: URL(string: platform.baseURL + "/oauth/v3/token")!, credentials: app.credentials, now: clock?.now ?? Date.init)
    }

    @Test func aThousandConcurrentCallersMakeOneTokenRequest() async throws {
        try await Self.withCountingPlatform { platform, app, tokenRequests in
            let tokens = Self.flow(platform, app).cached()
            let values = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<1000 { group.addTask { try await tokens.token().value.revealed } }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(values.count == 1)
            #expect(tokenRequests() == 1)
        }
    }

    @Test func reusesTheTokenUntilTheMarginBeforeExpiry() async throws {
        try await Self.withCountingPlatform { platform, app, tokenRequests in
            let clock = ManualClock()
            var configuration = clock.cachingConfiguration()
            configuration.expiryMargin = .seconds(120)
            let tokens = Self.flow(platform, app, clock: clock).cached(configuration: configuration)
            let first = try await tokens.token()
            clock.advance(by: .seconds(3600 - 121))
            #expect(try await tokens.token() == first)
            #expect(tokenRequests() == 1)
            clock.advance(by: .seconds(1))
            #expect(try await tokens.token() != first)
            #expect(tokenRequests() == 2)
        }
    }

    @Test func honoursRetryAfterInSecondsThenCoolsDownWithoutAsking() async throws {
        try await Self.withCountingPlatform({ platform, app, tokenRequests in
            let clock = ManualClock()
            var configuration = clock.cachingConfiguration()
            configuration.maximumRetryWait = .seconds(120)
            let tokens = Self.flow(platform, app, clock: clock).cached(configuration: configuration)
            try await awayFromTheEndOfAMinute()  // the server's one request a minute, in one of its minutes
            let first = try await tokens.token()
            try await tokens.invalidate(first)
            // The server allows one request a minute: the next ones get 429 with Retry-After in seconds.
            let error = await #expect(throws: OAuthClientError.tokenRequestRefused) { try await tokens.token() }
            let retryAfter = try #require(error?.retryAfter)
            #expect(error?.status == 429)
            #expect(error?.remedy == .retryLater)
            #expect(error?.orangeError?.code == 53)
            #expect(clock.sleeps.count == 2)
            // Each wait is the Retry-After of its own 429 plus at most 10 % of jitter; the server's seconds left in its
            // minute shrink between the answers on a busy machine, hence the slack over the last answer's.
            for sleep in clock.sleeps { #expect(sleep >= retryAfter && sleep <= retryAfter * 1.1 + .seconds(10)) }
            #expect(tokenRequests() == 4)

            let cooling = await #expect(throws: OAuthClientError.coolingDown) { try await tokens.token() }
            #expect(cooling?.remedy == .retryLater)
            #expect(tokenRequests() == 4)
        }, configure: { $0.tokenRequestsPerMinute = 1 })
    }

    @Test func doesNotWaitForARetryAfterLongerThanAllowed() async throws {
        let attempts = Counter()
        try await withFakeServer({ router in
            router.post("/oauth/v3/token") { _, _ -> Response in
                attempts.next()
                return json(.tooManyRequests, #"{"code":53,"message":"Too Many Requests"}"#, headers: [.retryAfter: "300"])
            }
        }) { baseURL in
            let clock = ManualClock()
            let tokens = ClientCredentialsTokenSource(
                tokenURL: URL(string: baseURL + "/oauth/v3/token")!, credentials: .init(clientID: "a", clientSecret: "b"), now: clock.now
            ).cached(configuration: clock.cachingConfiguration())
            let error = await #expect(throws: OAuthClientError.tokenRequestRefused) { try await tokens.token() }
            #expect(error?.retryAfter == .seconds(300))
            #expect(clock.sleeps.isEmpty)
            clock.advance(by: .seconds(299))
            await #expect(throws: OAuthClientError.coolingDown) { try await tokens.token() }
            #expect(attempts.count == 1)
            clock.advance(by: .seconds(1))
            await #expect(throws: OAuthClientError.tokenRequestRefused) { try await tokens.token() }
            #expect(attempts.count == 2)
        }
    }

    @Test func honoursRetryAfterAsAnHTTPDate() async throws {
        let clock = ManualClock()
        let attempts = Counter()
        try await withFakeServer({ router in
            router.post("/oauth/v3/token") { _, _ -> Response in
                guard attempts.next() > 1 else {
                    let formatter = DateFormatter()
                    formatter.locale = Locale(identifier: "en_US_POSIX")
                    formatter.timeZone = TimeZone(identifier: "GMT")
                    formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
                    let date = formatter.string(from: clock.now().addingTimeInterval(20))
                    return json(.serviceUnavailable, #"{"code":5,"message":"The service is temporarily unavailable"}"#, headers: [.retryAfter: date])
                }
                return json(.ok, #"{"token_type":"Bearer","access_token":"t","expires_in":3600}"#)
            }
        }) { baseURL in
            let tokens = ClientCredentialsTokenSource(
                tokenURL: URL(string: baseURL + "/oauth/v3/token")!, credentials: .init(clientID: "a", clientSecret: "b"), now: clock.now
            ).cached(configuration: clock.cachingConfiguration())
            let token = try await tokens.token()
            #expect(token.value.revealed == "t")
            #expect(clock.sleeps == [.seconds(21)])  // 20 s and half of the 10 % jitter
            #expect(attempts.count == 2)
        }
    }

    @Test func backsOffExponentiallyWithJitterWhenTheNetworkFails() async throws {
        let clock = ManualClock()
        // Port 1 on loopback: nothing listens (AsyncHTTPClient tries to connect until the deadline).
        var quick = AsyncHTTPClientTransport.Configuration()
        quick.timeout = .milliseconds(300)
        let transport = AsyncHTTPClientTransport(configuration: quick)
        let tokens = ClientCredentialsTokenSource(
            tokenURL: URL(string: "http://127.0.0.1:1/oauth/v3/token")!, credentials: .init(clientID: "a", clientSecret: "b"),
            transport: transport, now: clock.now
        ).cached(configuration: clock.cachingConfiguration())
        let error = await #expect(throws: OAuthClientError.transportFailed) { try await tokens.token() }
        try await transport.shutdown()
        #expect(error?.remedy == .transient)
        // Full jitter with the random fraction fixed at 0.5: half of 500 ms, then half of 1 s.
        #expect(clock.sleeps == [.milliseconds(250), .milliseconds(500)])
    }

    @Test func neverRetriesARefusedClient() async throws {
        try await Self.withCountingPlatform { platform, app, tokenRequests in
            let clock = ManualClock()
            let wrong = ClientCredentials(clientID: app.credentials.clientID, clientSecret: "wrong")
            let tokens = ClientCredentialsTokenSource(tokenURL: URL(string: platform.baseURL + "/oauth/v3/token")!, credentials: wrong)
                .cached(configuration: clock.cachingConfiguration())
            let error = await #expect(throws: OAuthClientError.tokenRequestRefused) { try await tokens.token() }
            #expect(error?.oauthError?.error == .invalidClient)
            #expect(clock.sleeps.isEmpty)
            #expect(tokenRequests() == 1)
        }
    }

    @Test func staysWithinItsTokenRequestBudget() async throws {
        let requests = Counter()
        try await withFakeServer({ router in
            router.post("/oauth/v3/token") { _, _ -> Response in
                json(.ok, #"{"token_type":"Bearer","access_token":"t\#(requests.next())","expires_in":3600}"#)
            }
        }) { baseURL in
            let clock = ManualClock()
            var configuration = clock.cachingConfiguration()
            configuration.tokenRequestsPerMinute = 3
            let tokens = ClientCredentialsTokenSource(
                tokenURL: URL(string: baseURL + "/oauth/v3/token")!, credentials: .init(clientID: "a", clientSecret: "b"), now: clock.now
            ).cached(configuration: configuration)
            for _ in 0..<3 { try await tokens.invalidate(try await tokens.token()) }
            clock.advance(by: .seconds(15))
            let error = await #expect(throws: OAuthClientError.tokenRequestBudgetExhausted) { try await tokens.token() }
            #expect(error?.retryAfter == .seconds(45))
            #expect(requests.count == 3)
            clock.advance(by: .seconds(45))
            #expect(try await tokens.token().value.revealed == "t4")
        }
    }

    /// Its time limit only stops a hang: CI's full suite on 2 cores has taken over a minute to bring the request here.
    @Test(.timeLimit(.minutes(3)))
    func aCancelledCallerStopsWaitingWithoutCancellingTheSharedRequest() async throws {
        let requests = Counter()
        let (gate, open) = AsyncStream.makeStream(of: Void.self)
        try await withFakeServer({ router in
            router.post("/oauth/v3/token") { _, _ -> Response in
                requests.next()
                for await _ in gate { break }  // answers only once the cancelled caller has returned
                return json(.ok, #"{"token_type":"Bearer","access_token":"t","expires_in":3600}"#)
            }
        }) { baseURL in
            let tokens = ClientCredentialsTokenSource(
                tokenURL: URL(string: baseURL + "/oauth/v3/token")!, credentials: .init(clientID: "a", clientSecret: "b")
            ).cached()
            let cancelled = Task { try await tokens.token() }
            let patient = Task { try await tokens.token() }
            // Generous: beside the suites that start platforms (RSA keys, bcrypt on the cooperative pool), the request
            // once took over 10 s to arrive here on a loaded 2-core machine.
            let started = try await eventually(within: .seconds(120)) { requests.count == 1 }
            #expect(started)
            cancelled.cancel()
            await #expect(throws: CancellationError.self) { try await cancelled.value }
            open.yield()
            let token = try await patient.value
            #expect(token.value.revealed == "t")
            #expect(requests.count == 1)
        }
    }

    @Test func aFileStoreIsPrivateAndSharedBetweenSources() async throws {
        try await Self.withCountingPlatform { platform, app, tokenRequests in
            let path = TemporaryDirectory().path + "/cache/tokens.json"
            let first = try await Self.flow(platform, app).cached(store: try FileTokenStore(path: path)).token()
            let second = try await Self.flow(platform, app).cached(store: try FileTokenStore(path: path)).token()
            #expect(first == second)
            #expect(tokenRequests() == 1)
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
            let directory = try FileManager.default.attributesOfItem(atPath: (path as NSString).deletingLastPathComponent)
            #expect((directory[.posixPermissions] as? Int) == 0o700)
        }
    }
}
