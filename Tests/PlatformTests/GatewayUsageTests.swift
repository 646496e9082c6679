import Foundation
import HTTPTypes
import OAuthCore
import Platform
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

/// Issue 13, item 1: the gateway and the token endpoint count every call by application, API ("" for the token
/// endpoint), hour and outcome, in memory, flushed every few seconds and at a graceful shutdown.
@Suite struct GatewayUsageTests {
    /// Calls by (client_id, API, outcome), whatever their hour.
    static func totals(_ configuration: PlatformConfiguration) async throws -> [String: Int] {
        let usage = try await withAdministration(configuration) { try await $0.store.usage(clientID: nil, apiName: nil, in: 0..<Int.max, per: .hour) }
        var totals: [String: Int] = [:]
        for (key, tally) in usage { totals["\(key.clientID)|\(key.apiName)|\(key.outcome.storedValue)", default: 0] += tally.calls }
        return totals
    }

    @Test func parallelCallsAreCountedExactlyAfterAFlushAndAfterAGracefulStop() async throws {
        try await TestUpstream.withUpstream { upstream in
            let fixture = try await GatewayTests.Fixture(upstream: upstream)
            let clientID = fixture.application.credentials.clientID
            _ = try await fixture.admin.createAPI(name: "lost", basePath: "/lost/v1", upstream: upstream + "/nowhere")
            _ = try await fixture.admin.subscribe(clientID: clientID, apiName: "lost")
            _ = try await fixture.admin.createAPI(name: "other", basePath: "/other/v1", upstream: upstream + "/echo/up")
            try await withPlatform(fixture.configuration) { platform in
                let token = try await GatewayTests.accessToken(platform, fixture.application.credentials)
                #expect(try await platform.token(authorization: "Basic " + Data("unknown:secret".utf8).base64EncodedString()).status == .unauthorized)
                let calls: [(path: String, token: String?, status: HTTPResponse.Status)] =
                    Array(repeating: ("/echo/v1/x", token, .ok), count: 30) + Array(repeating: ("/lost/v1/x", token, .notFound), count: 10)
                    + Array(repeating: ("/other/v1/x", token, .forbidden), count: 10)
                    + Array(repeating: ("/echo/v1/x", nil, .unauthorized), count: 5)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for call in calls {
                        group.addTask {
                            let answer = try await GatewayTests.call(platform, call.path, token: call.token)
                            #expect(answer.status == call.status, "\(call.path)")
                        }
                    }
                    try await group.waitForAll()
                }
                let expected = [
                    "\(clientID)||success": 1, "||client_error": 1, "\(clientID)|echo|success": 30, "\(clientID)|lost|client_error": 10, "\(clientID)|other|refused:50": 10,
                    "|echo|refused:40": 5,
                ]
                // Flushed within the interval (5 s), while the platform runs.
                #expect(try await eventually(within: .seconds(15)) { try await Self.totals(fixture.configuration) == expected })
                for _ in 0..<3 { _ = try await GatewayTests.call(platform, "/echo/v1/x", token: token) }
            }
            // The last flush, at the graceful stop.
            #expect(try await Self.totals(fixture.configuration)["\(clientID)|echo|success"] == 33)
        }
    }

    /// A revoked token's 41 counts against its application; an unreachable upstream is the upstream's failure; the
    /// OpenID Connect token endpoint counts like the client credentials one.
    @Test func refusalsOfIssuedTokensUpstreamFailuresAndTheOpenIDTokenEndpointAreCounted() async throws {
        try await TestUpstream.withUpstream { upstream in
            let fixture = try await GatewayTests.Fixture(upstream: upstream)
            let credentials = fixture.application.credentials
            _ = try await fixture.admin.createAPI(name: "down", basePath: "/down/v1", upstream: "http://127.0.0.1:1")
            _ = try await fixture.admin.subscribe(clientID: credentials.clientID, apiName: "down")
            try await withPlatform(fixture.configuration) { platform in
                let token = try await GatewayTests.accessToken(platform, credentials)
                #expect(try await GatewayTests.call(platform, "/down/v1/x", token: token).status == .serviceUnavailable)
                let basic = "Basic " + Data("\(credentials.clientID):\(credentials.clientSecret)".utf8).base64EncodedString()
                let redemption = try await platform.request(
                    .post, "/openidconnect/fr/v1/token",
                    headers: [.authorization: basic, .contentType: "application/x-www-form-urlencoded"],
                    body: "grant_type=authorization_code&code=guessed&redirect_uri=https%3A%2F%2Fa.example%2Fcb")
                #expect(redemption.status == .badRequest)
                _ = try await fixture.admin.revokeTokens(clientID: credentials.clientID)
                #expect(try await eventually(within: .seconds(15)) {
                    try await GatewayTests.call(platform, "/echo/v1/x", token: token).status == .unauthorized
                })
            }
            let totals = try await Self.totals(fixture.configuration)
            #expect(totals["\(credentials.clientID)|down|upstream_failure"] == 1)
            #expect(totals["\(credentials.clientID)||client_error"] == 1, "the OpenID Connect token endpoint's invalid_grant")
            #expect(totals["\(credentials.clientID)|echo|refused:41"] == 1)
            #expect(totals["|echo|refused:41"] == nil)
        }
    }
}
