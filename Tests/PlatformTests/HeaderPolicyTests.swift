import Foundation
import HTTPTypes
import OAuthCore
import Platform
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

/// Issue 18, item 4: headers an API proxy removes and adds each way, and CORS answered at the gateway.
@Suite struct HeaderPolicyTests {
    @Test func requestAndResponseHeadersAreRemovedAndAddedFromTheCallsContext() async throws {
        try await TestUpstream.withUpstream { upstream in
            let fixture = try await GatewayTests.Fixture(upstream: upstream)
            _ = try await fixture.admin.updateAPI(
                named: "echo",
                policy: GatewayPolicyChange(
                    removedRequestHeaders: ["Cookie", "X-Debug"],
                    addedRequestHeaders: ["X-Caller: {client_id} on {api}", "X-Request: {request_id}", "X-User: {subject}"],
                    removedResponseHeaders: ["Server", "X-Powered-By"], addedResponseHeaders: ["Cache-Control: no-store"]))
            try await withPlatform(fixture.configuration) { platform in
                let token = try await GatewayTests.accessToken(platform, fixture.application.credentials)
                let answer = try await GatewayTests.call(
                    platform, "/echo/v1/headers", token: token,
                    headers: [.cookie: "session=abc", HTTPField.Name("X-Debug")!: "1", HTTPField.Name("X-Kept")!: "yes", GatewayTests.requestID: "rq-42"])
                #expect(answer.status == .ok)
                let echo = try GatewayTests.echo(answer)
                #expect(echo.headers["cookie"] == nil && echo.headers["x-debug"] == nil && echo.headers["x-kept"] == "yes")
                #expect(echo.headers["x-caller"] == fixture.application.credentials.clientID + " on echo")
                #expect(echo.headers["x-request"] == "rq-42")
                #expect(echo.headers["x-user"] == nil, "an application's own token has no subject: the header is left out")
                // The platform names itself; the backend's name is gone.
                #expect(answer.headers[.server] == "Orangerie" && answer.headers[HTTPField.Name("X-Powered-By")!] == nil)
                #expect(answer.headers[.cacheControl] == "no-store")
            }
        }
    }

    @Test func rulesThatWouldForgeWhatTheGatewayOwnsAreRefusedInWords() async throws {
        try await TestUpstream.withUpstream { upstream in
            let fixture = try await GatewayTests.Fixture(upstream: upstream)
            let refusals: [(GatewayPolicyChange, String)] = [
                (GatewayPolicyChange(addedRequestHeaders: ["X-OAPI-Client-Id: someone"]), "x-oapi-client-id is set by the gateway itself"),
                (GatewayPolicyChange(removedResponseHeaders: ["X-OAPI-Request-Id"]), "x-oapi-request-id is set by the gateway itself"),
                (GatewayPolicyChange(addedRequestHeaders: ["X-Who: {password}"]), "{password} is not a placeholder"),
                (GatewayPolicyChange(addedRequestHeaders: ["X-Bad: a\r\nInjected: 1"]), "visible ASCII"),
                (GatewayPolicyChange(corsOrigins: ["https://app.example.com/path"]), "is not an origin"),
                (GatewayPolicyChange(maximumBodyBytes: .some(0)), "from 1 byte"),
                (GatewayPolicyChange(upstreamCredentials: .header("X-Forwarded-For: 10.0.0.1")), "x-forwarded-for is set by the gateway itself"),
            ]
            for (change, expected) in refusals {
                await #expect {
                    _ = try await fixture.admin.updateAPI(named: "echo", policy: change)
                } throws: { error in
                    String(describing: error).contains(expected)
                }
            }
        }
    }

    /// A preflight is answered by the gateway: no token, no backend, no quota. The call itself then tells the browser
    /// that the origin may read the answer, refusals included.
    @Test func corsPreflightsAreAnsweredAtTheGatewayWithoutCountingAgainstTheQuota() async throws {
        try await TestUpstream.withUpstream { upstream in
            let fixture = try await GatewayTests.Fixture(upstream: upstream, limits: Limits(rate: nil, quota: Allowance(count: 1, period: .day)))
            _ = try await fixture.admin.updateAPI(named: "echo", policy: GatewayPolicyChange(corsOrigins: ["https://app.example.com"]))
            try await withPlatform(fixture.configuration) { platform in
                let preflight: HTTPFields = [
                    .origin: "https://app.example.com", .accessControlRequestMethod: "POST",
                    .accessControlRequestHeaders: "authorization, content-type",
                ]
                for _ in 0..<3 {
                    let answer = try await platform.request(.options, "/echo/v1/shops", headers: preflight)
                    #expect(answer.status == .noContent)
                    #expect(answer.headers[.accessControlAllowOrigin] == "https://app.example.com")
                    #expect(answer.headers[.accessControlAllowMethods]?.contains("POST") == true)
                    #expect(answer.headers[.accessControlAllowHeaders] == "authorization, content-type")
                }
                var elsewhere = preflight
                elsewhere[.origin] = "https://evil.example"
                let refused = try await platform.request(.options, "/echo/v1/shops", headers: elsewhere)
                #expect(refused.status == .noContent && refused.headers[.accessControlAllowOrigin] == nil)

                let token = try await GatewayTests.accessToken(platform, fixture.application.credentials)
                let call = try await GatewayTests.call(platform, "/echo/v1/shops", token: token, headers: [.origin: "https://app.example.com"])
                #expect(call.status == .ok, "the quota of one call a day was not spent by the preflights")
                #expect(call.headers[.accessControlAllowOrigin] == "https://app.example.com")
                #expect(call.headers[.accessControlExposeHeaders]?.contains("X-OAPI-Request-Id") == true)
                let overQuota = try await GatewayTests.call(platform, "/echo/v1/shops", token: token, headers: [.origin: "https://app.example.com"])
                #expect(overQuota.status == .forbidden && overQuota.headers[.accessControlAllowOrigin] == "https://app.example.com")
            }
        }
    }
}
