import AuthorizationServer
import Crypto
import Foundation
import HTTPTypes
import JWTKit
import OAuthCore
import Platform
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

/// Issue 16, item 1: OpenID Connect RP-Initiated Logout 1.0 at `…/end-session` and Back-Channel Logout 1.0, end to end
/// with the real server, a browser-playing client and a small back-channel receiver.
@Suite struct SignOutTests {
    static let endSession = "/openidconnect/fr/v1/end-session"
    static let signedOut = "https://app.example.com/signed-out"

    /// A JWT whose signature and expiry a test checks; its claims are read as JSON.
    struct Unexpired: JWTPayload {
        var exp: ExpirationClaim
        func verify(using algorithm: some JWTAlgorithm) throws { try exp.verifyNotExpired() }
    }

    /// The header and the claims of a compact JWS, as JSON objects.
    static func parts(of token: String) throws -> (header: [String: Any], claims: [String: Any]) {
        let segments = token.split(separator: ".").map { Data(base64URLEncoded: String($0)) }
        let header = try JSONSerialization.jsonObject(with: try #require(segments.first ?? nil)) as? [String: Any]
        let claims = try JSONSerialization.jsonObject(with: try #require(segments.dropFirst().first ?? nil)) as? [String: Any]
        return (try #require(header), try #require(claims))
    }

    /// The ID token's claims this suite reads, verified (expiry aside).
    struct IDTokenSession: JWTPayload {
        var sub: SubjectClaim
        var sid: String?
        func verify(using algorithm: some JWTAlgorithm) throws {}
    }

    /// A three-legged fixture whose application registered ``signedOut`` and, when given, a back-channel URI.
    static func fixture(_ configuration: PlatformConfiguration, backchannel: String? = nil) async throws -> ThreeLeggedFixture {
        let fixture = try await provisionThreeLegged(configuration)
        _ = try await withAdministration(configuration) { platform in
            try await platform.provisioning.setLogout(
                LogoutRegistration(postLogoutRedirectURIs: [signedOut], backchannelLogoutURI: backchannel), clientID: fixture.clientID)
        }
        return fixture
    }

    /// Signs in with `browser` and returns the ID token.
    static func signIn(_ platform: RunningPlatform, _ fixture: ThreeLeggedFixture, browser: Browser) async throws -> String {
        let answer = try await browser.authorize(
            fixture.authorization(scope: "openid", ["nonce": "n-1"]), username: fixture.username, password: fixture.password)
        let code = try #require(answer.redirectParameters["code"])
        let tokens = try await OpenIDTokenEndpointTests.exchange(platform, fixture, code: code)
        return try #require(try tokens.json()["id_token"] as? String)
    }

    static func endSessionTarget(_ parameters: [String: String]) -> String {
        endSession + "?" + FormEncoding.encode(parameters.sorted { $0.key < $1.key }.map(FormEncoding.Field.init))
    }

    /// Whether the browser's next authorization request asks it to sign in (rather than giving a code at once).
    static func asksToSignIn(_ browser: Browser, _ fixture: ThreeLeggedFixture) async throws -> Bool {
        let answer = try await browser.get(
            OAuthTestPaths.authorize + "?" + FormEncoding.encode(fixture.authorization(scope: "openid").map(FormEncoding.Field.init)))
        return answer.status == .ok && answer.form(posting: "/login") != nil
    }

    @Test func discoveryAdvertisesTheEndSessionEndpointAndBackChannelLogout() async throws {
        try await withPlatform(testConfiguration()) { (platform) async throws in
            let metadata = try await platform.request(.get, "/openidconnect/fr/v1/.well-known/openid-configuration").json()
            #expect(metadata["end_session_endpoint"] as? String == platform.baseURL + Self.endSession)
            #expect(metadata["backchannel_logout_supported"] as? Bool == true)
            #expect(metadata["backchannel_logout_session_supported"] as? Bool == true)
            #expect((metadata["claims_supported"] as? [String])?.contains("sid") == true)
        }
    }

    @Test func aValidHintAndARegisteredRedirectEndTheSessionAndTellTheApplicationByBackChannel() async throws {
        try await LogoutReceiver.withReceiver { receiver, url in
            let configuration = testConfiguration()
            let fixture = try await Self.fixture(configuration, backchannel: url)
            try await withPlatform(configuration) { (platform) async throws in
                let browser = Browser(platform)
                let idToken = try await Self.signIn(platform, fixture, browser: browser)
                let keys = try await JWTKeyCollection().add(jwks: try await SigningKeyEndToEndTests.jwks(platform))
                let session = try await keys.verify(idToken, as: IDTokenSession.self)
                let sid = try #require(session.sid, "the ID token names the browser session")
                // The same session gives the same sid to the next ID token.
                #expect(try await keys.verify(try await Self.signIn(platform, fixture, browser: browser), as: IDTokenSession.self).sid == sid)
                #expect(try await !Self.asksToSignIn(browser, fixture))

                let answer = try await browser.get(
                    Self.endSessionTarget(["id_token_hint": idToken, "post_logout_redirect_uri": Self.signedOut, "state": "af0ifjsldkj"]))
                #expect(answer.status == .found)
                #expect(answer.headers[.location] == Self.signedOut + "?state=af0ifjsldkj")
                #expect(try await Self.asksToSignIn(browser, fixture), "the platform's session ended")

                #expect(try await eventually(within: .seconds(15)) { receiver.accepted.count == 1 })
                let attempt = try #require(receiver.attempts.first)
                #expect(attempt.contentType == "application/x-www-form-urlencoded")
                let token = try #require(attempt.logoutToken)
                _ = try await keys.verify(token, as: Unexpired.self)
                let (header, claims) = try Self.parts(of: token)
                #expect(header["typ"] as? String == "logout+jwt")
                #expect(claims["iss"] as? String == platform.baseURL + "/openidconnect/fr/v1")
                #expect(claims["aud"] as? String == fixture.clientID || claims["aud"] as? [String] == [fixture.clientID])
                #expect(claims["sub"] as? String == session.sub.value)
                #expect(claims["sid"] as? String == sid, "the logout token names the ID token's session")
                let events = try #require(claims["events"] as? [String: Any])
                #expect(events.keys.sorted() == ["http://schemas.openid.net/event/backchannel-logout"])
                #expect((events["http://schemas.openid.net/event/backchannel-logout"] as? [String: Any])?.isEmpty == true)
                #expect(claims["nonce"] == nil)
                #expect(((claims["jti"] as? String)?.count ?? 0) >= 16)
                let iat = try #require(claims["iat"] as? Double), exp = try #require(claims["exp"] as? Double)
                #expect(exp - iat == 120)
                try await Task.sleep(for: .milliseconds(300))
                #expect(receiver.attempts.count == 1, "one delivery, accepted the first time")
            }
        }
    }

    @Test func anUnregisteredRedirectOrAnotherApplicationsClientIDGetsTheErrorPageNeverARedirect() async throws {
        let configuration = testConfiguration()
        let fixture = try await Self.fixture(configuration)
        let other = try await provisionThreeLegged(configuration, email: "other@example.com")
        try await withPlatform(configuration) { (platform) async throws in
            let browser = Browser(platform)
            let idToken = try await Self.signIn(platform, fixture, browser: browser)
            let refused: [[String: String]] = [
                ["id_token_hint": idToken, "post_logout_redirect_uri": "https://evil.example/signed-out"],
                ["id_token_hint": idToken, "post_logout_redirect_uri": Self.signedOut + "/extra"],
                ["id_token_hint": idToken, "post_logout_redirect_uri": fixture.redirectURI],  // a redirect URI is not a post-logout one
                ["id_token_hint": idToken, "client_id": other.clientID, "post_logout_redirect_uri": Self.signedOut],
                ["client_id": "unknown-client"],
                ["post_logout_redirect_uri": Self.signedOut],  // which application's?
            ]
            for parameters in refused {
                let answer = try await browser.get(Self.endSessionTarget(parameters))
                #expect(answer.status == .badRequest, "\(parameters.keys.sorted())")
                #expect(answer.headers[.location] == nil)
                #expect(answer.body.contains("sign-out request cannot be followed"))
            }
            #expect(try await !Self.asksToSignIn(browser, fixture), "a refused request ends nothing")
            // Without a redirect, the signed-out page, readable on a phone.
            let page = try await browser.get(Self.endSessionTarget(["id_token_hint": idToken]))
            #expect(page.status == .ok)
            #expect(page.body.contains("You are signed out"))
            #expect(page.body.contains(#"name="viewport""#))
            #expect(try await Self.asksToSignIn(browser, fixture))
        }
    }

    @Test func anExpiredHintIsAcceptedAndAHintFromAnotherIssuerIsRefused() async throws {
        // Two hours ago: the ID token (one hour) has expired by any clock, the platform's moved one and the real one.
        let clock = ManualClock(Date().addingTimeInterval(-2 * 3600))
        var configuration = testConfiguration()
        configuration.clock = clock.clock
        let fixture = try await Self.fixture(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let browser = Browser(platform)
            let idToken = try await Self.signIn(platform, fixture, browser: browser)
            // Not the platform's: another issuer's key, though the claims and the kid look like the platform's.
            let kid = try #require(try await SigningKeyEndToEndTests.jwks(platform).keys.first?.keyIdentifier)
            let foreignKeys = await JWTKeyCollection().add(ecdsa: ES256PrivateKey(), kid: kid)
            let foreign = try await foreignKeys.sign(
                OpenIDTokenEndpointTests.IDToken(
                    iss: IssuerClaim(value: platform.baseURL + "/openidconnect/fr/v1"), sub: SubjectClaim(value: "alice"),
                    aud: AudienceClaim(value: fixture.clientID), exp: ExpirationClaim(value: Date().addingTimeInterval(300)),
                    iat: IssuedAtClaim(value: Date()), auth_time: 0, nonce: nil, acr: nil, at_hash: "", azp: fixture.clientID),
                kid: kid)
            for hint in [foreign, "not.a.token", String(idToken.dropLast(4)) + "AAAA"] {
                let answer = try await browser.get(Self.endSessionTarget(["id_token_hint": hint, "post_logout_redirect_uri": Self.signedOut]))
                #expect(answer.status == .badRequest)
                #expect(answer.headers[.location] == nil)
            }
            #expect(try await !Self.asksToSignIn(browser, fixture))

            clock.advance(by: 2 * 3600)
            let answer = try await browser.get(
                Self.endSessionTarget(["id_token_hint": idToken, "post_logout_redirect_uri": Self.signedOut, "state": "s"]))
            #expect(answer.status == .found)
            #expect(answer.headers[.location] == Self.signedOut + "?state=s")
            #expect(try await Self.asksToSignIn(browser, fixture))
        }
    }

    @Test func withoutAHintTheUserConfirmsWithAFormBoundToTheirBrowser() async throws {
        let configuration = testConfiguration()
        let fixture = try await Self.fixture(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let browser = Browser(platform)
            _ = try await Self.signIn(platform, fixture, browser: browser)
            let page = try await browser.get(
                Self.endSessionTarget(["client_id": fixture.clientID, "post_logout_redirect_uri": Self.signedOut, "state": "x"]))
            #expect(page.status == .ok)
            let form = try #require(page.form(posting: "/end-session"))
            #expect(form["csrf_token"]?.isEmpty == false)
            #expect(page.body.contains("Test app"))
            // Another browser's token, or none: asked again, nothing ended.
            let forged = try await browser.submit(form, replacing: ["csrf_token": "forged"])
            #expect(forged.form(posting: "/end-session") != nil)
            #expect(try await !Self.asksToSignIn(browser, fixture))

            let confirmed = try await browser.submit(form)
            #expect(confirmed.status == .found)
            #expect(confirmed.headers[.location] == Self.signedOut + "?state=x")
            #expect(try await Self.asksToSignIn(browser, fixture))
        }
    }

    @Test func aFailingReceiverIsRetriedInTheBackgroundWithoutDelayingTheUser() async throws {
        // The first attempt hangs past the provider's timeout (8 s), the second is refused with a 503, the third accepted:
        // no delivery is accepted before 8 s, so a redirect that waited for one would come after it.
        try await LogoutReceiver.withReceiver(failures: 2, holdFirst: .seconds(12)) { receiver, url in
            var configuration = testConfiguration()
            configuration.backChannelLogout.timeout = .seconds(8)
            configuration.backChannelLogout.retryDelays = [.milliseconds(100), .milliseconds(200), .milliseconds(300)]
            let fixture = try await Self.fixture(configuration, backchannel: url)
            try await withPlatform(configuration) { (platform) async throws in
                let browser = Browser(platform)
                let idToken = try await Self.signIn(platform, fixture, browser: browser)
                let answer = try await browser.get(
                    Self.endSessionTarget(["id_token_hint": idToken, "post_logout_redirect_uri": Self.signedOut]))
                #expect(answer.status == .found)
                #expect(receiver.accepted.isEmpty, "the redirect waits for no delivery")
                #expect(try await eventually(within: .seconds(30)) { receiver.attempts.count == 3 })
                let attempts = receiver.attempts.sorted { $0.index < $1.index }
                #expect(attempts.map(\.accepted) == [false, false, true])
                #expect(Set(attempts.compactMap(\.logoutToken)).count == 1, "the same token, retried")
            }
        }
    }

    @Test func aShutdownStopsTheRetriesOfAReceiverThatKeepsFailing() async throws {
        try await LogoutReceiver.withReceiver(failures: .max) { receiver, url in
            var configuration = testConfiguration()
            configuration.backChannelLogout.retryDelays = [.seconds(5), .seconds(5)]
            let fixture = try await Self.fixture(configuration, backchannel: url)
            let stopping = try await withPlatform(configuration) { (platform) async throws -> ContinuousClock.Instant in
                let browser = Browser(platform)
                let idToken = try await Self.signIn(platform, fixture, browser: browser)
                _ = try await browser.get(Self.endSessionTarget(["id_token_hint": idToken]))
                #expect(try await eventually(within: .seconds(15)) { receiver.attempts.count == 1 })
                return .now
            }
            // A retry that outlived the platform, or held its shutdown, would have reached the receiver by now.
            try await Task.sleep(until: stopping + .seconds(12))
            #expect(receiver.attempts.count == 1, "the shutdown cancelled the retries")
        }
    }
}
