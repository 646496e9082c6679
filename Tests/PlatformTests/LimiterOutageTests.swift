import AuthorizationServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import OAuthCore
import Platform
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

/// A limiter whose shared store is down: every count fails.
struct UnreachableLimiter: RateLimiter {
    struct Outage: Error, CustomStringConvertible {
        var description: String { "connection refused" }
    }

    func consume(key: String, limit: Int, period: Period) async throws -> RateLimitDecision {
        throw Outage()
    }

    func used(key: String, period: Period) async throws -> Int {
        throw Outage()
    }
}

/// What the platform answers when its limiter cannot count (issue 11, item 4): the token endpoint issues no token
/// it could not count against seed 002's limit.
@Suite struct LimiterOutageTests {
    @Test func theTokenEndpointAnswers503AndIssuesNoTokenWhenItsLimitCannotBeCounted() async throws {
        let configuration = testConfiguration()
        let app = try await provisionApplication(configuration)
        let platform = try await Platform.open(configuration)
        let directory = PlatformDirectory()
        directory.replaceAll(applications: try await platform.store.applications(), apis: try await platform.store.apis())
        let logs = LogSink()
        let logger = Logger(label: "test") { _ in CapturingLogHandler(sink: logs) }
        let router = Router()
        TokenEndpoint(
            directory: directory, vault: platform.vault, tokens: platform.store, tokenCache: IssuedTokenCache(),
            limiter: UnreachableLimiter(), usage: UsageRecorder(store: platform.store, logger: logger),
            configuration: TokenEndpointConfiguration(), issuer: Issuer(publicURL: nil), logger: logger
        ).addRoutes(to: router)
        try await Application(router: router).test(.router) { client in
            try await client.execute(
                uri: TokenEndpoint.path, method: .post,
                headers: [
                    .authorization: app.credentials.authorizationHeader(), .contentType: "application/x-www-form-urlencoded",
                    .accept: "application/json",
                ],
                body: ByteBuffer(string: "grant_type=client_credentials")
            ) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "1")
                let body = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any]
                #expect(body?["code"] as? Int == 5)
                #expect(body?["access_token"] == nil)
            }
        }
        #expect(logs.text.contains("error Client authentication refused"))
        #expect(logs.text.contains("the token rate limit could not be counted: connection refused"))
    }
}

/// The same outage on a real server sharing PostgreSQL: the counters' table is gone, everything else works.
@Suite(.enabled(if: StoreDriver.available.contains(.postgres), "needs PostgreSQL (ORANGERIE_TEST_POSTGRES_URL)"))
struct SharedLimiterOutageTests {
    @Test func eachAPIFollowsItsFallbackAndTheTokenEndpointIssuesNothing() async throws {
        try await TestUpstream.withUpstream { upstream in
            try await SeveralInstancesTests.withOneInstance(prepare: { configuration in
                let app = try await provisionApplication(configuration, subscribe: false)
                try await withAdministration(configuration) { platform in
                    let rate = Limits(rate: Allowance("100/second"))
                    _ = try await platform.provisioning.createAPI(name: "closed", basePath: "/closed/v1", upstream: upstream + "/echo", limits: rate)
                    _ = try await platform.provisioning.createAPI(
                        name: "open", basePath: "/open/v1", upstream: upstream + "/echo", limits: rate, limitFallback: .open)
                    for api in ["closed", "open"] { _ = try await platform.provisioning.subscribe(clientID: app.credentials.clientID, apiName: api) }
                }
                return app
            }) { app, database, instance in
                let token = try await SeveralInstancesTests.accessToken(instance, app)
                let counted = try await instance.request(.get, "/open/v1/shops", headers: [.authorization: "Bearer " + token])
                #expect(counted.status == .ok)
                #expect(counted.headers[HTTPField.Name("RateLimit-Limit")!] == "100")

                try await database.administer("ALTER TABLE limit_counters RENAME TO limit_counters_lost")
                let closed = try await instance.request(.get, "/closed/v1/shops", headers: [.authorization: "Bearer " + token])
                #expect(closed.status == .serviceUnavailable)
                #expect(try closed.json()["code"] as? Int == 5)
                let open = try await instance.request(.get, "/open/v1/shops", headers: [.authorization: "Bearer " + token])
                #expect(open.status == .ok)
                #expect(open.headers[HTTPField.Name("RateLimit-Limit")!] == nil)
                let refused = try await instance.token(authorization: app.credentials.authorizationHeader())
                #expect(refused.status == .serviceUnavailable)
                #expect(refused.headers[.retryAfter] == "1")

                try await database.administer("ALTER TABLE limit_counters_lost RENAME TO limit_counters")
                #expect(try await instance.request(.get, "/closed/v1/shops", headers: [.authorization: "Bearer " + token]).status == .ok)
                #expect(try await instance.token(authorization: app.credentials.authorizationHeader()).status == .ok)
            }
        }
    }
}
