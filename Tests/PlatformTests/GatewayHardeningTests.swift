import Foundation
import HTTPTypes
import Logging
import OAuthCore
import Platform
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

/// What hostile or broken requests through the gateway get (issue 10, items 1, 3, 8 and 11).
@Suite struct GatewayHardeningTests {
    typealias Fixture = GatewayTests.Fixture

    @Test func headsOfAnySizeAreAnsweredAndTheServerStaysUp() async throws {
        try await TestUpstream.withUpstream { upstream in
            let fixture = try await Fixture(upstream: upstream)
            try await withPlatform(fixture.configuration) { (platform) async throws in
                let token = try await GatewayTests.accessToken(platform, fixture.application.credentials)
                for kibibytes in [60, 64, 66, 70, 100] {
                    let padding = String(repeating: "a", count: kibibytes * 1024)
                    let longPath = try await GatewayTests.call(platform, "/echo/v1/" + padding, token: token)
                    #expect(longPath.status == (kibibytes < 80 ? .uriTooLong : .requestHeaderFieldsTooLarge), "\(kibibytes) KiB path")
                    #expect(try longPath.json()["code"] as? Int == 20)
                    let bigHeader = try await GatewayTests.call(
                        platform, "/echo/v1/x", token: token, headers: [HTTPField.Name("X-Padding")!: padding])
                    #expect(bigHeader.status == .requestHeaderFieldsTooLarge, "\(kibibytes) KiB header")
                    #expect(try bigHeader.json()["code"] as? Int == 20)
                }
                // Just under the limits, a request goes through.
                let atLimit = try await GatewayTests.call(
                    platform, "/echo/v1/" + String(repeating: "b", count: 8000), token: token,
                    headers: [HTTPField.Name("X-Padding")!: String(repeating: "c", count: 30 * 1024)])
                #expect(atLimit.status == .ok)
                #expect(try GatewayTests.echo(atLimit).headers["x-padding"]?.count == 30 * 1024)
                #expect(try await platform.request(.get, "/healthz").status == .ok)
            }
        }
    }

    @Test func methodsTheGatewayDoesNotProxyAre405() async throws {
        try await TestUpstream.withUpstream { upstream in
            let fixture = try await Fixture(upstream: upstream)
            try await withPlatform(fixture.configuration) { (platform) async throws in
                let token = try await GatewayTests.accessToken(platform, fixture.application.credentials)
                let trace = try await GatewayTests.call(platform, "/echo/v1/x", token: token, method: .trace, body: "hello")
                #expect(trace.status == .methodNotAllowed)
                #expect(try trace.json()["code"] as? Int == 61)
                #expect(trace.headers[.allow] == "GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS")
                let connect = try await RawConnection.with(port: platform.port) { connection in
                    try await connection.send("CONNECT /echo/v1/x HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nContent-Length: 5\r\n\r\nhello")
                    // After a CONNECT the parser hands the connection over as a tunnel: read the answer's head only.
                    return try await connection.read(until: "\r\n\r\n", timeout: .seconds(10)) ?? ""
                }
                #expect(connect.hasPrefix("HTTP/1.1 405"), "\(connect.prefix(300))")
            }
        }
    }

    @Test(arguments: [
        ("an invalid chunk size", "Transfer-Encoding: chunked\r\n\r\nZZ\r\nhello\r\n0\r\n\r\n", false),
        ("a truncated chunked body", "Transfer-Encoding: chunked\r\n\r\n10\r\nhello", true),
        ("a body shorter than its Content-Length", "Content-Length: 100\r\n\r\nhello", true),
    ])
    func aBrokenBodyIsTheClientsMistake(_ case: String, framing: String, closesAfterSending: Bool) async throws {
        let sink = LogSink()
        let logger = Logger(label: "test", factory: { _ in CapturingLogHandler(sink: sink) })
        try await TestUpstream.withUpstream { upstream in
            let fixture = try await Fixture(upstream: upstream)
            try await withPlatform(fixture.configuration, logger: logger) { (platform) async throws in
                let token = try await GatewayTests.accessToken(platform, fixture.application.credentials)
                let answer = try await RawConnection.with(port: platform.port) { connection in
                    try await connection.send(
                        "POST /echo/v1/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n" + framing)
                    if closesAfterSending { connection.finishSending() }
                    return try await connection.readUntilClosed(timeout: .seconds(20))
                }
                #expect(answer?.hasPrefix("HTTP/1.1 400") == true, "\(`case`): \(answer?.prefix(200) ?? "no answer")")
                #expect(answer?.contains(#""code":20"#) == true, "\(`case`)")
                #expect(try await GatewayTests.call(platform, "/echo/v1/x", token: token).status == .ok)
            }
        }
        #expect(!sink.text.contains("Upstream unreachable"), "\(`case`)")
    }

    @Test func aBackendThatRefusesConnectionsIsAnsweredAtOnce() async throws {
        try await TestUpstream.withUpstream { upstream in
            var setup = try await Fixture(upstream: upstream)
            // Retrying a refused connection would go on for the whole connect timeout: a minute here, so that the
            // bound below holds on a busy machine and still tells the two apart.
            setup.configuration.upstreamConnectTimeout = .seconds(60)
            setup.configuration.upstreamTimeout = .seconds(60)
            let fixture = setup
            _ = try await fixture.admin.createAPI(name: "down", basePath: "/down/v1", upstream: "http://127.0.0.1:1")
            _ = try await fixture.admin.subscribe(clientID: fixture.application.credentials.clientID, apiName: "down")
            try await withPlatform(fixture.configuration) { (platform) async throws in
                let token = try await GatewayTests.accessToken(platform, fixture.application.credentials)
                let start = ContinuousClock.now
                let down = try await GatewayTests.call(platform, "/down/v1/x", token: token)
                #expect(ContinuousClock.now - start < .seconds(20))
                #expect(down.status == .serviceUnavailable)
                #expect(try down.json()["code"] as? Int == 5)
                #expect(try down.json()["message"] as? String == "Service unavailable")
            }
        }
    }

    @Test func pathsThatCouldClimbOutOfTheBasePathAreRefused() async throws {
        try await TestUpstream.withUpstream { upstream in
            let fixture = try await Fixture(upstream: upstream)
            try await withPlatform(fixture.configuration) { (platform) async throws in
                let token = try await GatewayTests.accessToken(platform, fixture.application.credentials)
                for path in [
                    "/echo/v1/..;/download", "/echo/v1/..;x/download", "/echo/v1/.;/x", "/echo/v1/..%2fdownload",
                    "/echo/v1/..%2Fdownload", "/echo/v1/%2e%2e%5cdownload", "/echo/v1/a%2fb", "/echo/v1/a%5Cb",
                    "/echo/v1/%2e%2e", "/echo/v1/.%2E/x", "/echo/v1/a%00b", "/echo/v1/a%0d%0ab", "/echo/v1/%zz",
                ] {
                    let answer = try await GatewayTests.call(platform, path, token: token)
                    #expect(answer.status == .notFound, "\(path)")
                    #expect(try answer.json()["code"] as? Int == 60, "\(path)")
                }
                // A raw backslash, which no well-behaved client sends.
                let backslash = try await RawConnection.with(port: platform.port) { connection in
                    try await connection.send(
                        "GET /echo/v1/..\\download HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nConnection: close\r\n\r\n")
                    return try await connection.readUntilClosed(timeout: .seconds(10)) ?? ""
                }
                #expect(backslash.hasPrefix("HTTP/1.1 404") || backslash.hasPrefix("HTTP/1.1 400"), "\(backslash.prefix(300))")
                for path in ["/echo/v1/a..b", "/echo/v1/...", "/echo/v1/a%20b", "/echo/v1/a;b=1", "/echo/v1/%7Euser"] {
                    #expect(try await GatewayTests.call(platform, path, token: token).status == .ok, "\(path)")
                }
            }
        }
    }

    @Test func xForwardedForIsWhatThePlatformBelieves() async throws {
        try await TestUpstream.withUpstream { upstream in
            var setup = try await Fixture(upstream: upstream)
            let untrusted = setup.configuration
            setup.configuration.trustedProxies = ["127.0.0.1"]
            let fixture = setup
            let claimed: HTTPFields = [
                HTTPField.Name("X-Forwarded-For")!: "192.0.2.66, 198.51.100.7", HTTPField.Name("Forwarded")!: "for=192.0.2.77",
            ]
            try await withPlatform(untrusted) { (platform) async throws in
                let token = try await GatewayTests.accessToken(platform, fixture.application.credentials)
                let echo = try GatewayTests.echo(try await GatewayTests.call(platform, "/echo/v1/x", token: token, headers: claimed))
                #expect(echo.headers["x-forwarded-for"] == "127.0.0.1")
                #expect(echo.headers["forwarded"] == nil)
            }
            try await withPlatform(fixture.configuration) { (platform) async throws in
                let token = try await GatewayTests.accessToken(platform, fixture.application.credentials)
                let echo = try GatewayTests.echo(
                    try await GatewayTests.call(
                        platform, "/echo/v1/x", token: token, headers: [HTTPField.Name("X-Forwarded-For")!: "192.0.2.66, 198.51.100.7"]))
                #expect(echo.headers["x-forwarded-for"] == "198.51.100.7, 127.0.0.1")
            }
        }
    }

    @Test func theUpstreamLearnsWhichUserAUsersTokenActsFor() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        let spoofed: HTTPFields = [HTTPField.Name("X-OAPI-Subject")!: "mallory", HTTPField.Name("X-OAPI-Scope")!: "admin"]
        try await TestUpstream.withUpstream { upstream in
            let admin = try await Platform.open(configuration).provisioning
            _ = try await admin.updateAPI(named: "poi", upstream: upstream + "/echo")
            let alice = try #require(try await admin.users().first { $0.username == fixture.username })
            try await withPlatform(configuration) { (platform) async throws in
                let user = try await ConsentRevocationTests.signIn(platform, fixture)
                let forUser = try GatewayTests.echo(try await GatewayTests.call(platform, "/poi/v1/shops", token: user.accessToken, headers: spoofed))
                #expect(forUser.headers["x-oapi-subject"] == alice.subject)
                #expect(Set(forUser.headers["x-oapi-scope"]?.split(separator: " ") ?? []) == ["openid", "profile", "offline_access", "cloud"])
                #expect(forUser.headers["x-oapi-client-id"] == fixture.clientID)

                let ownToken = try await GatewayTests.accessToken(platform, fixture.application.credentials)
                let forApplication = try GatewayTests.echo(try await GatewayTests.call(platform, "/poi/v1/shops", token: ownToken, headers: spoofed))
                #expect(forApplication.headers["x-oapi-subject"] == nil)
                #expect(forApplication.headers["x-oapi-scope"] == nil)
                #expect(forApplication.headers["x-oapi-client-id"] == fixture.clientID)
            }
        }
    }

    /// In either log format (issue 14, item 3): JSON's own escaping would keep the line whole, and the server escapes
    /// control characters before it, so that they read the same in both.
    @Test(arguments: LogFormat.allCases) func aClientsControlCharactersCannotForgeALogLine(format: LogFormat) async throws {
        let sink = LogSink()
        let logger = sink.logger(format)
        let configuration = testConfiguration()
        let application = try await provisionApplication(configuration)
        try await withPlatform(configuration, logger: logger) { (platform) async throws in
            let answer = try await platform.token(
                authorization: application.credentials.authorizationHeader(),
                body: "grant_type=password%0Ainfo%20forged%20line%1B%5B31m")
            #expect(answer.status == .badRequest)
        }
        // In JSON, what the line says once decoded: its text values.
        let logged = format == .json ? sink.jsonLines.flatMap { $0.values.compactMap { $0 as? String } }.joined(separator: "\n") : sink.text
        #expect(logged.contains(#"\u{a}info forged line\u{1b}[31m"#))
        #expect(!sink.text.contains("\ninfo forged"))
        #expect(!sink.text.contains("\u{1B}"))
    }
}
