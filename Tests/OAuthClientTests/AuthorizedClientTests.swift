import Foundation
import HTTPTypes
import Hummingbird
import OAuthClient
import OAuthCore
import PlatformStore
import PlatformTesting
import Synchronization
import Testing

/// The Bearer header, the 401 replay (once and only once), and 403 code 53 — against a fake resource server
/// whose tokens come from the real token endpoint.
@Suite struct AuthorizedClientTests {
    /// A resource server that refuses the first `refusals` tokens it sees with `refusal`, and counts its calls.
    final class ResourceServer: Sendable {
        let calls = Counter()
        private let seen = Mutex<[String]>([])
        let refusals: Int
        let refusal: Refusal

        init(refusals: Int, refusal: Refusal) {
            self.refusals = refusals
            self.refusal = refusal
        }

        var tokensSeen: [String] { seen.withLock { $0 } }

        func addRoutes(to router: Router<BasicRequestContext>) {
            router.on("/shops", method: .post) { request, _ in try await self.answer(request) }
            router.get("/shops") { request, _ in try await self.answer(request) }
        }

        private func answer(_ request: Request) async throws -> Response {
            _ = try await request.body.collect(upTo: 1 << 20)
            let call = calls.next()
            seen.withLock { $0.append(request.headers[.authorization] ?? "") }
            return call <= refusals ? refusal.response : json(.ok, #"{"shops":[]}"#)
        }
    }

    /// What the fake resource server answers instead of 200.
    enum Refusal: Sendable {
        case expiredToken, invalidToken, rfc6750InvalidToken, accessDenied, rateLimited

        var response: Response {
            switch self {
            case .expiredToken: json(.unauthorized, #"{"code":42,"message":"Expired credentials","description":"x"}"#)
            case .invalidToken: json(.unauthorized, #"{"code":41,"message":"Invalid credentials","description":"x"}"#)
            case .rfc6750InvalidToken: Response(status: .unauthorized, headers: [.wwwAuthenticate: #"Bearer error="invalid_token""#])
            case .accessDenied: json(.forbidden, #"{"code":50,"message":"Access Denied","description":"x"}"#)
            case .rateLimited:
                json(.forbidden, #"{"code":53,"message":"Too Many Requests","description":"x"}"#,
                    headers: [.retryAfter: "3", HTTPField.Name("X-OAPI-Request-Id")!: "req-1"])
            }
        }
    }

    static func withClient(
        _ server: ResourceServer, configuration: AuthorizedClient.Configuration = .init(),
        _ body: @Sendable (AuthorizedClient, _ shops: URL, _ tokenRequests: @escaping @Sendable () -> Int) async throws -> Void
    ) async throws {
        try await CachingTokenSourceTests.withCountingPlatform { platform, app, tokenRequests in
            try await withFakeServer({ server.addRoutes(to: $0) }) { baseURL in
                let client = AuthorizedClient(tokenSource: CachingTokenSourceTests.flow(platform, app).cached(), configuration: configuration)
                try await body(client, URL(string: baseURL + "/shops")!, tokenRequests)
            }
        }
    }

    @Test func sendsTheBearerTokenAndReusesIt() async throws {
        let server = ResourceServer(refusals: 0, refusal: .expiredToken)
        try await Self.withClient(server) { client, shops, tokenRequests in
            for _ in 0..<3 {
                let response = try await client.send(HTTPRequestMessage(url: shops))
                #expect(response.status == 200)
            }
            #expect(Set(server.tokensSeen).count == 1)
            #expect(server.tokensSeen[0].hasPrefix("Bearer "))
            #expect(tokenRequests() == 1)
        }
    }

    @Test(arguments: [Refusal.expiredToken, .invalidToken, .rfc6750InvalidToken])
    func replaysOnceWithANewTokenWhenTheTokenIsRefused(refusal: Refusal) async throws {
        let server = ResourceServer(refusals: 1, refusal: refusal)
        try await Self.withClient(server) { client, shops, tokenRequests in
            let response = try await client.send(HTTPRequestMessage(method: "POST", url: shops, body: .bytes(Data("{}".utf8))))
            #expect(response.status == 200)
            #expect(server.calls.count == 2)
            #expect(server.tokensSeen[0] != server.tokensSeen[1])
            #expect(tokenRequests() == 2)
        }
    }

    @Test func replaysOnlyOnce() async throws {
        let server = ResourceServer(refusals: .max, refusal: .expiredToken)
        try await Self.withClient(server) { client, shops, tokenRequests in
            let response = try await client.send(HTTPRequestMessage(url: shops))
            #expect(response.status == 401)
            #expect(server.calls.count == 2)
            #expect(tokenRequests() == 2)
            let error = #expect(throws: OAuthClientError.requestRefused) { try response.ensureSuccess() }
            #expect(error?.remedy == .reauthenticate)
            #expect(error?.orangeError?.code == 42)
        }
    }

    @Test func neverReplaysABodyThatCannotBeSentAgain() async throws {
        let server = ResourceServer(refusals: 1, refusal: .expiredToken)
        try await Self.withClient(server) { client, shops, tokenRequests in
            let (chunks, continuation) = AsyncThrowingStream.makeStream(of: Data.self)
            continuation.yield(Data("{}".utf8))
            continuation.finish()
            let response = try await client.send(HTTPRequestMessage(method: "POST", url: shops, body: .stream(chunks)))
            #expect(response.status == 401)
            #expect(server.calls.count == 1)
            #expect(tokenRequests() == 1)
        }
    }

    @Test func aForeignRefusalIsNotReplayed() async throws {
        let server = ResourceServer(refusals: 1, refusal: .accessDenied)
        try await Self.withClient(server) { client, shops, _ in
            let response = try await client.send(HTTPRequestMessage(url: shops))
            #expect(response.status == 403)
            #expect(server.calls.count == 1)
            #expect(#expect(throws: OAuthClientError.self) { try response.ensureSuccess() }?.remedy == .fixConfiguration)
        }
    }

    @Test func waitsOutCode53WhenAllowed() async throws {
        let clock = ManualClock()
        var allowed = AuthorizedClient.Configuration()
        allowed.retriesWhenRateLimited = true
        allowed.sleep = clock.sleep
        let server = ResourceServer(refusals: 1, refusal: .rateLimited)
        try await Self.withClient(server, configuration: allowed) { client, shops, _ in
            let response = try await client.send(HTTPRequestMessage(url: shops))
            #expect(response.status == 200)
            #expect(clock.sleeps == [.seconds(3)])
            #expect(server.calls.count == 2)
        }
        let notAllowed = ResourceServer(refusals: 1, refusal: .rateLimited)
        try await Self.withClient(notAllowed) { client, shops, _ in
            let response = try await client.send(HTTPRequestMessage(url: shops))
            let error = #expect(throws: OAuthClientError.requestRefused) { try response.ensureSuccess() }
            #expect(error?.remedy == .retryLater)
            #expect(error?.retryAfter == .seconds(3))
            #expect(error?.requestID == "req-1")
            #expect(error?.description.contains("request id req-1") == true)
            #expect(notAllowed.calls.count == 1)
        }
    }
}
