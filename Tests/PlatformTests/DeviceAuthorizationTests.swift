import Foundation
import HTTPTypes
import Logging
import OAuthCore
import Platform
import PlatformStore
import PlatformTesting
import Testing

/// Issue 16, item 6: the device authorization grant (RFC 8628) end to end, the device played by plain HTTP requests and
/// the user's phone by a browser-playing client with cookies, on a hand-moved clock.
@Suite struct DeviceAuthorizationTests {
    static let deviceAuthorization = "/openidconnect/fr/v1/device_authorization"

    /// The device's request for codes (§3.1).
    static func start(
        _ platform: RunningPlatform, _ fixture: ThreeLeggedFixture, scope: String? = "openid offline_access", authorization: String? = nil
    ) async throws -> HTTPAnswer {
        try await platform.request(
            .post, deviceAuthorization,
            headers: [.authorization: authorization ?? fixture.basicAuthorization, .contentType: "application/x-www-form-urlencoded"],
            body: scope.map { "scope=" + FormEncoding.escape($0) } ?? "")
    }

    /// The device's codes, once the request succeeded.
    static func codes(_ platform: RunningPlatform, _ fixture: ThreeLeggedFixture) async throws -> DeviceAuthorizationResponse {
        let answer = try await start(platform, fixture)
        try #require(answer.status == .ok, "\(answer.body)")
        return try JSONDecoder().decode(DeviceAuthorizationResponse.self, from: Data(answer.body.utf8))
    }

    /// One poll of the token endpoint (§3.4).
    static func poll(_ platform: RunningPlatform, deviceCode: String, authorization: String) async throws -> HTTPAnswer {
        try await platform.request(
            .post, OAuthTestPaths.token, headers: [.authorization: authorization, .contentType: "application/x-www-form-urlencoded"],
            body: "grant_type=" + FormEncoding.escape(DeviceAuthorizationResponse.grantType) + "&device_code=" + deviceCode)
    }

    static func error(of answer: HTTPAnswer) throws -> String? {
        try answer.json()["error"] as? String
    }

    /// The platform on a hand-moved clock, with a three-legged fixture.
    static func withDevicePlatform(
        logs: LogSink = LogSink(), _ body: @escaping @Sendable (RunningPlatform, ThreeLeggedFixture, ManualClock) async throws -> Void
    ) async throws {
        let clock = ManualClock(Date())
        var configuration = testConfiguration()
        configuration.clock = clock.clock
        let fixture = try await provisionThreeLegged(configuration)
        let logger = Logger(label: "test") { _ in CapturingLogHandler(sink: logs) }
        try await withPlatform(configuration, logger: logger) { (platform) async throws in try await body(platform, fixture, clock) }
    }

    @Test func discoveryAdvertisesTheEndpointAndTheGrant() async throws {
        try await withPlatform(testConfiguration()) { (platform) async throws in
            let metadata = try await platform.request(.get, "/openidconnect/fr/v1/.well-known/openid-configuration").json()
            #expect(metadata["device_authorization_endpoint"] as? String == platform.baseURL + Self.deviceAuthorization)
            #expect((metadata["grant_types_supported"] as? [String])?.contains("urn:ietf:params:oauth:grant-type:device_code") == true)
        }
    }

    @Test func aDeviceTheUserApprovesGetsTheTokensOnceWithTheConsentAndTheCodeShown() async throws {
        try await Self.withDevicePlatform { platform, fixture, clock in
            let codes = try await Self.codes(platform, fixture)
            #expect(codes.userCode.wholeMatch(of: /[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}/) != nil, "\(codes.userCode)")
            #expect(codes.verificationURI == platform.baseURL + "/openidconnect/fr/v1/device")
            #expect(codes.verificationURIComplete == codes.verificationURI + "?user_code=" + codes.userCode)
            #expect(codes.expiresIn == 600 && codes.interval == 5)
            #expect(codes.deviceCode.count >= 43)
            #expect(try Self.error(of: try await Self.poll(platform, deviceCode: codes.deviceCode, authorization: fixture.basicAuthorization)) == "authorization_pending")

            // Typed in lower case without the dash, the code is the same; the consent page names it.
            let browser = Browser(platform)
            let typed = codes.userCode.lowercased().replacingOccurrences(of: "-", with: "")
            let page = try await browser.get(codes.verificationURI + "?user_code=" + typed)
            #expect(page.body.contains("value=\"\(codes.userCode)\""), "prefilled as the device shows it")
            let decided = try await browser.decideDevice(
                at: codes.verificationURI + "?user_code=" + typed, username: fixture.username, password: fixture.password)
            #expect(decided.status == .ok)
            #expect(decided.body.contains("Device connected"))

            clock.advance(by: 5)
            let tokens = try await Self.poll(platform, deviceCode: codes.deviceCode, authorization: fixture.basicAuthorization)
            #expect(tokens.status == .ok, "\(tokens.body)")
            let body = try tokens.json()
            let accessToken = try #require(body["access_token"] as? String)
            #expect(body["refresh_token"] is String, "offline_access")
            #expect(body["id_token"] is String, "openid")
            #expect((body["scope"] as? String).map(Scopes.init(parsing:)) == ["openid", "offline_access"])
            let userinfo = try await platform.request(.get, OAuthTestPaths.userinfo, headers: [.authorization: "Bearer " + accessToken])
            #expect(userinfo.status == .ok)
            #expect(try userinfo.json()["name"] == nil, "profile was not asked")

            clock.advance(by: 5)
            #expect(try Self.error(of: try await Self.poll(platform, deviceCode: codes.deviceCode, authorization: fixture.basicAuthorization)) == "invalid_grant", "once")
            // The code was used: the verification page no longer knows it.
            let again = try await browser.submit(try #require(try await browser.get(codes.verificationURIComplete!).form(posting: "/device")))
            #expect(again.body.contains("This code is wrong or has expired"))
        }
    }

    /// §3.5: polling sooner than the interval answers `slow_down`, and the interval grows by 5 seconds. A device
    /// polling while its user decides is the flow working: no log line says it was refused.
    @Test func pollingTooFastSlowsTheDeviceDownByFiveSecondsEachTime() async throws {
        let logs = LogSink()
        try await Self.withDevicePlatform(logs: logs) { platform, fixture, clock in
            let codes = try await Self.codes(platform, fixture)
            func poll() async throws -> String? {
                try Self.error(of: try await Self.poll(platform, deviceCode: codes.deviceCode, authorization: fixture.basicAuthorization))
            }
            #expect(try await poll() == "authorization_pending")
            clock.advance(by: 4)
            #expect(try await poll() == "slow_down")
            clock.advance(by: 9)
            #expect(try await poll() == "slow_down", "10 seconds now")
            clock.advance(by: 16)  // 15 s and a little, the clock's fractions of a second going through the database
            #expect(try await poll() == "authorization_pending")
            #expect(!logs.text.contains("token request refused"), "\(logs.text)")
        }
    }

    @Test func aDeviceTheUserRefusesGetsAccessDenied() async throws {
        try await Self.withDevicePlatform { platform, fixture, _ in
            let codes = try await Self.codes(platform, fixture)
            let decided = try await Browser(platform).decideDevice(
                at: try #require(codes.verificationURIComplete), username: fixture.username, password: fixture.password, decision: "deny")
            #expect(decided.body.contains("Access refused"))
            let answer = try await Self.poll(platform, deviceCode: codes.deviceCode, authorization: fixture.basicAuthorization)
            #expect(answer.status == .badRequest)
            #expect(try Self.error(of: answer) == "access_denied")
        }
    }

    @Test func anExpiredDeviceCodeIsExpiredTokenAndItsUserCodeIsUnknown() async throws {
        try await Self.withDevicePlatform { platform, fixture, clock in
            let codes = try await Self.codes(platform, fixture)
            clock.advance(by: 601)
            let expired = try await Self.poll(platform, deviceCode: codes.deviceCode, authorization: fixture.basicAuthorization)
            #expect(try Self.error(of: expired) == "expired_token", "\(expired.status) \(expired.body)")
            let browser = Browser(platform)
            let url = try #require(codes.verificationURIComplete)
            let form = try #require(try await browser.get(url).form(posting: "/device"))
            #expect(try await browser.submit(form).body.contains("This code is wrong or has expired"))
        }
    }

    /// A device code is bound to the application that asked: another one, or an unknown code, is `invalid_grant`, and
    /// leaves the request as it was.
    @Test func anotherApplicationsOrAnUnknownDeviceCodeIsAnInvalidGrant() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        let other = try await provisionThreeLegged(configuration, email: "other@example.com")
        try await withPlatform(configuration) { (platform) async throws in
            let codes = try await Self.codes(platform, fixture)
            #expect(try Self.error(of: try await Self.poll(platform, deviceCode: codes.deviceCode, authorization: other.basicAuthorization)) == "invalid_grant")
            #expect(try Self.error(of: try await Self.poll(platform, deviceCode: "unknown", authorization: fixture.basicAuthorization)) == "invalid_grant")
            #expect(try Self.error(of: try await Self.poll(platform, deviceCode: codes.deviceCode, authorization: fixture.basicAuthorization)) == "authorization_pending")
        }
    }

    @Test func theEndpointAuthenticatesTheClientAndChecksTheScopeAsAuthorizeDoes() async throws {
        try await Self.withDevicePlatform { platform, fixture, _ in
            let wrongSecret = "Basic " + Data("\(fixture.clientID):wrong".utf8).base64EncodedString()
            #expect(try await Self.start(platform, fixture, authorization: wrongSecret).status == .unauthorized)
            let unknownScope = try await Self.start(platform, fixture, scope: "openid admin")
            #expect(unknownScope.status == .badRequest)
            #expect(try Self.error(of: unknownScope) == "invalid_scope")
            let noScope = try await Self.start(platform, fixture, scope: nil)
            #expect(try Self.error(of: noScope) == "invalid_request")
            #expect(try await Self.start(platform, fixture, scope: "openid cloud").status == .ok, "an API's scope of a subscribed API")
            let get = try await platform.request(.get, Self.deviceAuthorization, headers: [.authorization: fixture.basicAuthorization])
            #expect(get.status == .badRequest && get.headers[.allow] == "POST", "POST only")
        }
    }

    /// §5.1: user codes can be guessed, so wrong ones are counted per client address: the eleventh in a minute is
    /// refused, even a right one.
    @Test func wrongUserCodesAreThrottledPerAddress() async throws {
        // On a hand-moved clock: the throttle counts per calendar minute, which must not turn.
        try await Self.withDevicePlatform { platform, fixture, _ in
            let codes = try await Self.codes(platform, fixture)
            let browser = Browser(platform)
            let form = try #require(try await browser.get("/openidconnect/fr/v1/device").form(posting: "/device"))
            for guess in 0..<10 {
                let answer = try await browser.submit(form, replacing: ["user_code": guess.isMultiple(of: 2) ? "BBBB-BBBB" : "not a code"])
                #expect(answer.status == .ok)
                #expect(answer.body.contains("This code is wrong or has expired"))
            }
            let refused = try await browser.submit(form, replacing: ["user_code": codes.userCode])
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers[.retryAfter] != nil)
            #expect(refused.form(posting: "/login") == nil)
        }
    }

    @Test func theCodeFormNeedsThisBrowsersCSRFToken() async throws {
        try await Self.withDevicePlatform { platform, fixture, _ in
            let codes = try await Self.codes(platform, fixture)
            let browser = Browser(platform)
            let url = try #require(codes.verificationURIComplete)
            let form = try #require(try await browser.get(url).form(posting: "/device"))
            #expect(try await browser.submit(form, replacing: ["csrf_token": "forged"]).status == .forbidden)
            browser.forgetCookies()
            #expect(try await browser.submit(form).status == .forbidden)
        }
    }
}
