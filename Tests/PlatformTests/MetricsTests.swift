import Foundation
import HTTPTypes
import OAuthCore
import Platform
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

/// Issue 14, items 1 and 5: the metrics' names and labels for a token request, a gateway call refused with code 41
/// and an upstream timeout, read from the real server's `/metrics` listener; no secret or token in a scrape; and no
/// `/metrics` on the public port.
@Suite struct MetricsTests {
    @Test func aTokenRequestIsCountedByGrantTypeEndpointRouteClassAndStatus() async throws {
        let configuration = testConfiguration().withMetrics
        let application = try await provisionApplication(configuration)
        try await withPlatform(configuration) { platform in
            #expect(try await platform.token(authorization: application.credentials.authorizationHeader()).status == .ok)
            let wrong = ClientCredentials(clientID: application.credentials.clientID, clientSecret: "not-the-secret")
            #expect(try await platform.token(authorization: wrong.authorizationHeader()).status == .unauthorized)
            let scrape = try await MetricsScrape(platform)
            #expect(scrape.value("orangerie_tokens_issued_total", [("grant_type", "client_credentials"), ("endpoint", "/oauth/v3/token")]) == 1)
            #expect(scrape.value("orangerie_http_requests_total", [("route_class", "token"), ("status", "200")]) == 1)
            #expect(scrape.value("orangerie_http_requests_total", [("route_class", "token"), ("status", "401")]) == 1)
            #expect(scrape.value("orangerie_http_request_duration_seconds_count", [("route_class", "token")]) == 2)
            #expect(scrape.value("orangerie_token_errors_total", [("endpoint", "/oauth/v3/token"), ("error", "invalid_client")]) == 1)
            // Without --metrics-client-ids, no series names an application.
            #expect(!scrape.text.contains(application.credentials.clientID))
            #expect(scrape.value("orangerie_build_info", [("version", "dev")]) == 1)
            #expect(scrape.value("orangerie_process_uptime_seconds").map { $0 > 0 } == true)
            #expect(scrape.value("orangerie_cache_entries", [("cache", "tokens")]) == 1)
            #expect(scrape.value("orangerie_cache_entries", [("cache", "applications")]) == 1)
            #expect(scrape.value("orangerie_change_feed_lag_entries") != nil)
            #expect(scrape.value("orangerie_change_feed_lag_seconds") != nil)
            // The token endpoint's per-application limit counted both requests; the store's reads were measured.
            #expect(scrape.value("orangerie_limiter_decisions_total", [("kind", "token"), ("decision", "allowed")]).map { $0 >= 1 } == true)
            #expect(
                scrape.value("orangerie_database_call_duration_seconds_count", [("driver", "sqlite"), ("kind", "read")]).map { $0 >= 1 } == true)
            // The quota counters are saved every second (LimitCounterKeeper).
            #expect(try await eventually(within: .seconds(15)) {
                let flushes = try await MetricsScrape(platform).value("orangerie_store_flush_duration_seconds_count", [("store", "quota_counters")])
                return (flushes ?? 0) > 0
            })
        }
    }

    /// The login page's sign-ins by result: a success, five failures, and the attempt the throttle then refuses.
    @Test func signInsAreCountedBySuccessFailureAndThrottle() async throws {
        var configuration = testConfiguration().withMetrics
        configuration.clock = ManualClock(Date()).clock  // one calendar minute, however long the test takes
        let fixture = try await SignInThrottleTests.provisionUsers(1, configuration)
        try await withPlatform(configuration) { platform in
            #expect(try await SignInThrottleTests.signIn(platform, fixture, username: "user0", password: "password-0").status == .seeOther)
            for _ in 0..<5 { #expect(try await SignInThrottleTests.signIn(platform, fixture, username: "user0", password: "wrong").status == .ok) }
            #expect(try await SignInThrottleTests.signIn(platform, fixture, username: "user0", password: "password-0").status == .tooManyRequests)
            let scrape = try await MetricsScrape(platform)
            #expect(scrape.value("orangerie_sign_ins_total", [("realm", "provider"), ("result", "success")]) == 1)
            #expect(scrape.value("orangerie_sign_ins_total", [("realm", "provider"), ("result", "failure")]) == 5)
            #expect(scrape.value("orangerie_sign_ins_total", [("realm", "provider"), ("result", "throttled")]) == 1)
            #expect(!scrape.text.contains("user0") && !scrape.text.contains("password-0"))
        }
    }

    /// With an answered call beside it: its upstream latency is measured, and nothing stays in flight.
    @Test func aGatewayCallRefusedWithCode41IsCountedByAPIAndCode() async throws {
        try await TestUpstream.withUpstream { upstream in
            let fixture = try await GatewayTests.Fixture(upstream: upstream)
            let credentials = fixture.application.credentials
            try await withPlatform(fixture.configuration.withMetrics) { platform in
                let answer = try await GatewayTests.call(platform, "/echo/v1/x", token: "not-a-token-the-platform-issued")
                #expect(answer.status == .unauthorized)
                let token = try await GatewayTests.accessToken(platform, credentials)
                #expect(try await GatewayTests.call(platform, "/echo/v1/x", token: token).status == .ok)
                let scrape = try await MetricsScrape(platform)
                #expect(scrape.value("orangerie_gateway_calls_total", [("api", "echo"), ("outcome", "success")]) == 1)
                #expect(scrape.value("orangerie_gateway_upstream_duration_seconds_count", [("api", "echo")]) == 1)
                #expect(scrape.value("orangerie_gateway_upstream_in_flight", [("api", "echo")]) == 0)
                #expect(scrape.value("orangerie_gateway_refusals_total", [("api", "echo"), ("code", "41")]) == 1)
                #expect(scrape.value("orangerie_gateway_calls_total", [("api", "echo"), ("outcome", "refused")]) == 1)
                #expect(scrape.value("orangerie_refusals_total", [("route_class", "gateway"), ("code", "41")]) == 1)
                #expect(scrape.value("orangerie_http_requests_total", [("route_class", "gateway"), ("status", "401")]) == 1)
                #expect(!scrape.text.contains("not-a-token"))
            }
        }
    }

    /// The quick call whose latency is measured is in the test above, whose upstream timeout suits a loaded machine.
    @Test func anUpstreamTimeoutIsCountedAndLeavesNothingInFlight() async throws {
        try await TestUpstream.withUpstream { upstream in
            var fixture = try await GatewayTests.Fixture(upstream: upstream)
            _ = try await fixture.admin.createAPI(name: "slow", basePath: "/slow/v1", upstream: upstream)
            _ = try await fixture.admin.subscribe(clientID: fixture.application.credentials.clientID, apiName: "slow")
            fixture.configuration.upstreamTimeout = .milliseconds(500)
            let (configuration, credentials) = (fixture.configuration.withMetrics, fixture.application.credentials)
            try await withPlatform(configuration) { platform in
                let token = try await GatewayTests.accessToken(platform, credentials)
                #expect(try await GatewayTests.call(platform, "/slow/v1/slow?milliseconds=5000", token: token).status == .gatewayTimeout)
                let scrape = try await MetricsScrape(platform)
                #expect(scrape.value("orangerie_gateway_upstream_errors_total", [("api", "slow"), ("kind", "timeout")]) == 1)
                #expect(scrape.value("orangerie_gateway_calls_total", [("api", "slow"), ("outcome", "upstream_failure")]) == 1)
                #expect(scrape.value("orangerie_gateway_upstream_in_flight", [("api", "slow")]) == 0)
                #expect(scrape.value("orangerie_http_requests_total", [("route_class", "gateway"), ("status", "504")]) == 1)
            }
        }
    }

    /// With client_id labels on, the scrape names the application, and never its secret, a token or what a client
    /// wrote (an unknown grant type, a path).
    @Test func noSecretTokenOrClientTextReachesAScrape() async throws {
        try await TestUpstream.withUpstream { upstream in
            var fixture = try await GatewayTests.Fixture(upstream: upstream)
            fixture.configuration.metrics.labelsClientIDs = true
            let configuration = fixture.configuration.withMetrics
            let credentials = fixture.application.credentials
            try await withPlatform(configuration) { platform in
                let token = try await GatewayTests.accessToken(platform, credentials)
                #expect(try await GatewayTests.call(platform, "/echo/v1/private-path-x", token: token).status == .ok)
                let odd = try await platform.token(authorization: credentials.authorizationHeader(), body: "grant_type=odd-grant-zz")
                #expect(odd.status == .badRequest)
                _ = try await GatewayTests.call(platform, "/unknown-path-yy", token: token)
                let scrape = try await MetricsScrape(platform)
                #expect(
                    scrape.value(
                        "orangerie_tokens_issued_total",
                        [("grant_type", "client_credentials"), ("endpoint", "/oauth/v3/token"), ("client_id", credentials.clientID)]) == 1)
                for secret in [credentials.clientSecret, token, "odd-grant-zz", "private-path-x", "unknown-path-yy"] {
                    #expect(!scrape.text.contains(secret), "\(secret) in the scrape")
                }
            }
        }
    }

    @Test func thePublicPortDoesNotServeMetrics() async throws {
        let configuration = testConfiguration().withMetrics
        try await withPlatform(configuration) { platform in
            let answer = try await platform.request(.get, "/metrics")
            #expect(answer.status == .notFound)
            #expect(!answer.body.contains("orangerie_"))
            // The metrics listener does serve them, the public port's 404 among them.
            let metrics = try await MetricsScrape(platform)
            #expect(metrics.text.contains("# TYPE orangerie_http_requests_total counter"))
            #expect(metrics.series(named: "orangerie_http_requests_total").contains { $0.contains(#"status="404""#) })
        }
    }

    @Test func theMetricsAddressIsParsedAndNeverThePublicOne() throws {
        #expect(try MetricsConfiguration.Address(parsing: "127.0.0.1:9464") == .init(host: "127.0.0.1", port: 9464))
        #expect(try MetricsConfiguration.Address(parsing: "[::1]:9464") == .init(host: "::1", port: 9464))
        #expect(throws: ConfigurationError.self) { try MetricsConfiguration.Address(parsing: "127.0.0.1") }
        #expect(throws: ConfigurationError.self) { try MetricsConfiguration.Address(parsing: ":9464") }
        var configuration = testConfiguration()
        configuration.port = 8080
        configuration.metrics.address = .init(host: "127.0.0.1", port: 8080)
        #expect(throws: ConfigurationError.self) { try configuration.validate() }
    }
}
