import Foundation
import HTTPTypes
import OAuthCore
import Platform
import PlatformServices
import PlatformTesting
import Testing

/// Issue 14, item 2: a gateway call is one trace from the client's `traceparent` (W3C Trace Context) through the
/// gateway to the upstream, exported over OTLP/HTTP to a collector in the test process.
@Suite struct TracingTests {
    /// A `traceparent` a client sends: version 00, a random trace id and parent id, sampled or not.
    struct TraceParent: Equatable {
        var traceID = String((0..<32).map { _ in "0123456789abcdef".randomElement()! })
        var spanID = String((0..<16).map { _ in "0123456789abcdef".randomElement()! })
        var sampled = true

        var header: String { "00-\(traceID)-\(spanID)-\(sampled ? "01" : "00")" }

        init() {}

        init?(_ header: String?) {
            let parts = header?.split(separator: "-").map(String.init) ?? []
            guard parts.count == 4, parts[0] == "00" else { return nil }
            (traceID, spanID, sampled) = (parts[1], parts[2], parts[3] == "01")
        }
    }

    /// The gateway fixture with its spans sent to `collector` as OTLP/JSON, a tenth of a second after they end.
    static func fixture(upstream: String, collector: String, sampling: Double = 1) async throws -> GatewayTests.Fixture {
        var fixture = try await GatewayTests.Fixture(upstream: upstream)
        fixture.configuration.tracing.endpoint = collector
        fixture.configuration.tracing.exportProtocol = .httpJSON
        fixture.configuration.tracing.exportDelay = .milliseconds(100)
        fixture.configuration.tracing.samplingRatio = sampling
        return fixture
    }

    @Test func aGatewayCallIsOneTraceFromTheClientsTraceparentToTheUpstream() async throws {
        let sink = LogSink()
        try await TestUpstream.withUpstream { upstream in
            try await TraceCollector.withCollector { endpoint, collector in
                let fixture = try await Self.fixture(upstream: upstream, collector: endpoint)
                let credentials = fixture.application.credentials
                let client = TraceParent()
                let (token, upstreamParent) = try await withPlatform(fixture.configuration, logger: sink.logger(.json)) { platform in
                    let token = try await GatewayTests.accessToken(platform, credentials)
                    let answer = try await GatewayTests.call(
                        platform, "/echo/v1/x", token: token, headers: [HTTPField.Name("traceparent")!: client.header])
                    #expect(answer.status == .ok)
                    return (token, TraceParent(try GatewayTests.echo(answer).headers["traceparent"]))
                }
                // The upstream's parent is in the client's trace.
                let parent = try #require(upstreamParent)
                #expect(parent.traceID == client.traceID)
                #expect(parent.sampled)

                let spans = collector.spans
                let trace = spans.filter { $0.traceID == client.traceID }
                let server = try #require(trace.first { $0.kind == TraceCollector.Span.server }, "\(spans)")
                #expect(server.parentSpanID == client.spanID, "the server span continues the client's")
                #expect(server.name == "GET gateway")
                #expect(server.attributes["orangerie.route_class"] == "gateway")
                #expect(server.attributes["orangerie.client_id"] == credentials.clientID)
                #expect(server.attributes["orangerie.api"] == "echo")
                #expect(server.attributes["orangerie.outcome"] == "success")
                #expect(server.attributes["http.request.method"] == "GET")
                #expect(server.attributes["http.response.status_code"] == "200")
                let upstreamCall = try #require(trace.first { $0.kind == TraceCollector.Span.client && $0.name.hasPrefix("upstream") })
                #expect(upstreamCall.parentSpanID == server.spanID)
                #expect(upstreamCall.spanID == parent.spanID, "the upstream's parent is the upstream call's span")
                #expect(upstreamCall.attributes["http.response.status_code"] == "200")

                // The token request, a trace of its own, wrote its token in a database span.
                let tokenRequest = try #require(spans.first { $0.name == "POST token" }, "\(spans)")
                #expect(tokenRequest.attributes["orangerie.grant_type"] == "client_credentials")
                #expect(tokenRequest.attributes["orangerie.client_id"] == credentials.clientID)
                #expect(spans.contains { $0.parentSpanID == tokenRequest.spanID && $0.name.hasPrefix("sqlite ") }, "\(spans)")

                // No secret, token or header in any attribute.
                for span in spans {
                    for (key, value) in span.attributes {
                        for secret in [token, credentials.clientSecret, "Bearer", "Basic "] {
                            #expect(!value.contains(secret), "\(span.name): \(key)")
                        }
                    }
                }
                // The gateway call's JSON log line carries its trace id.
                #expect(
                    sink.jsonLines.contains { $0["trace_id"] as? String == client.traceID && $0["route_class"] as? String == "gateway" },
                    "\(sink.text)")
            }
        }
    }

    /// A user's sign-in checks the password with bcrypt in a span of its own.
    @Test func aSignInChecksThePasswordInABcryptSpan() async throws {
        try await TraceCollector.withCollector { endpoint, collector in
            var configuration = testConfiguration()
            configuration.tracing.endpoint = endpoint
            configuration.tracing.exportProtocol = .httpJSON
            configuration.tracing.exportDelay = .milliseconds(100)
            let fixture = try await provisionThreeLegged(configuration)
            try await withPlatform(configuration) { platform in
                _ = try await Browser(platform).authorize(fixture.authorization(), username: fixture.username, password: "wrong password")
            }
            let spans = collector.spans
            let login = try #require(spans.first { $0.attributes["orangerie.route_class"] == "login" }, "\(spans)")
            #expect(spans.contains { $0.name == "bcrypt verify" && $0.parentSpanID == login.spanID }, "\(spans)")
        }
    }

    /// Tracing off (the default): nothing is added; the client's own `traceparent` goes to the upstream unchanged.
    @Test func withTracingOffTheClientsTraceparentIsForwardedUnchanged() async throws {
        try await TestUpstream.withUpstream { upstream in
            let fixture = try await GatewayTests.Fixture(upstream: upstream)
            try await withPlatform(fixture.configuration) { platform in
                let token = try await GatewayTests.accessToken(platform, fixture.application.credentials)
                let client = TraceParent()
                let forwarded = try await GatewayTests.call(
                    platform, "/echo/v1/x", token: token, headers: [HTTPField.Name("traceparent")!: client.header])
                #expect(try GatewayTests.echo(forwarded).headers["traceparent"] == client.header)
                let plain = try await GatewayTests.call(platform, "/echo/v1/x", token: token)
                #expect(try GatewayTests.echo(plain).headers["traceparent"] == nil)
            }
        }
    }

    /// Sampled at 0 %: a new trace is not exported, though the upstream still gets a `traceparent` (not sampled); a
    /// caller's sampled trace is kept all the same (the sampler is parent-based).
    @Test func atZeroPercentOnlyTheCallersSampledTracesAreExported() async throws {
        try await TestUpstream.withUpstream { upstream in
            try await TraceCollector.withCollector { endpoint, collector in
                let fixture = try await Self.fixture(upstream: upstream, collector: endpoint, sampling: 0)
                let client = TraceParent()
                let upstreamParent = try await withPlatform(fixture.configuration) { platform in
                    let token = try await GatewayTests.accessToken(platform, fixture.application.credentials)
                    let unsampled = try await GatewayTests.call(platform, "/echo/v1/x", token: token)
                    let parent = TraceParent(try GatewayTests.echo(unsampled).headers["traceparent"])
                    _ = try await GatewayTests.call(platform, "/echo/v1/x", token: token, headers: [HTTPField.Name("traceparent")!: client.header])
                    return parent
                }
                let parent = try #require(upstreamParent)
                #expect(!parent.sampled)
                let spans = collector.spans
                #expect(!spans.contains { $0.traceID == parent.traceID })
                #expect(!spans.contains { $0.name == "POST token" }, "a new trace at 0 %")
                #expect(spans.contains { $0.traceID == client.traceID && $0.kind == TraceCollector.Span.server }, "\(spans)")
            }
        }
    }

    @Test func theEndpointGetsTheTracesPathAndBadSettingsAreRefused() throws {
        var tracing = TracingConfiguration()
        tracing.endpoint = "http://127.0.0.1:4318"
        var configuration = testConfiguration()
        configuration.tracing = tracing
        try configuration.validate()
        for endpoint in ["ftp://collector", "collector:4318"] {
            configuration.tracing.endpoint = endpoint
            #expect(throws: ConfigurationError.self) { try configuration.validate() }
        }
        configuration.tracing = tracing
        configuration.tracing.samplingRatio = 1.5
        #expect(throws: ConfigurationError.self) { try configuration.validate() }
    }
}
