import Foundation
import HTTPTypes
import JWTKit
import Logging
import OAuthCore
import Platform
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

/// Withdrawing a consent, locking a user, suspending an application: the whole family of tokens stops working
/// (issue 5, "Deliver" 8; seed 003, "Error management with access token").
@Suite struct ConsentRevocationTests {
    /// Tokens of one sign-in: the access token (which the gateway and userinfo check) and the refresh token.
    struct SignedIn {
        var accessToken: String
        var refreshToken: String
    }

    static func signIn(_ platform: RunningPlatform, _ fixture: ThreeLeggedFixture, browser: Browser? = nil) async throws -> SignedIn {
        let answer = try await (browser ?? Browser(platform)).authorize(
            fixture.authorization(scope: "openid profile offline_access cloud"), username: fixture.username, password: fixture.password)
        let code = try #require(answer.redirectParameters["code"])
        let json = try await OpenIDTokenEndpointTests.exchange(platform, fixture, code: code).json()
        return SignedIn(
            accessToken: try #require(json["access_token"] as? String), refreshToken: try #require(json["refresh_token"] as? String))
    }

    static func callAPI(_ platform: RunningPlatform, _ token: String) async throws -> HTTPAnswer {
        try await platform.request(.get, "/poi/v1/shops?postalCode=35000", headers: [.authorization: "Bearer " + token])
    }

    /// Seed 003's answer to a token whose consent was withdrawn, at the gateway and at userinfo.
    static func expectNoConsent(
        _ platform: RunningPlatform, _ fixture: ThreeLeggedFixture, _ tokens: SignedIn, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        for answer in [try await callAPI(platform, tokens.accessToken), try await OpenIDTokenEndpointTests.userInfo(platform, tokens.accessToken)] {
            #expect(answer.status == .unauthorized, sourceLocation: sourceLocation)
            #expect(answer.headers[.wwwAuthenticate]?.contains(#"error="invalid_token""#) == true, sourceLocation: sourceLocation)
            let json = try answer.json()
            #expect(json["code"] as? Int == 41, sourceLocation: sourceLocation)
            #expect(json["message"] as? String == "Invalid credentials", sourceLocation: sourceLocation)
            #expect(json["description"] as? String == "no consent has been found", sourceLocation: sourceLocation)
        }
        let refreshed = try await OpenIDTokenEndpointTests.refresh(platform, fixture, token: tokens.refreshToken)
        #expect(refreshed.status == .badRequest, sourceLocation: sourceLocation)
        #expect(try refreshed.json()["error"] as? String == "invalid_grant", sourceLocation: sourceLocation)
    }

    @Test func theWholeFlowThenARevocationOnTheAccountPage() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        try await TestUpstream.withUpstream { upstream in
            let platform = try await Platform.open(configuration)
            _ = try await platform.provisioning.updateAPI(named: "poi", upstream: upstream + "/echo")
            try await withPlatform(configuration) { (platform) async throws in
                let browser = Browser(platform)
                let tokens = try await Self.signIn(platform, fixture, browser: browser)
                #expect(try await Self.callAPI(platform, tokens.accessToken).status == .ok)
                #expect(try await OpenIDTokenEndpointTests.userInfo(platform, tokens.accessToken).status == .ok)
                let refreshed = try await OpenIDTokenEndpointTests.refresh(platform, fixture, token: tokens.refreshToken).json()
                let newAccessToken = try #require(refreshed["access_token"] as? String)
                #expect(try await Self.callAPI(platform, newAccessToken).status == .ok)

                // The account page lists the consent; the user revokes it.
                let account = try await browser.get(OAuthTestPaths.account)
                #expect(account.body.contains("Test app"))
                #expect(account.body.contains("See your name"))
                let revoke = try #require(account.form(posting: "/account/revoke"))
                #expect(revoke["client_id"] == fixture.clientID)
                let afterRevoke = try await browser.submit(revoke)
                #expect(afterRevoke.status == .seeOther)
                #expect(try await browser.follow(afterRevoke).body.contains("You have not allowed any application yet."))

                try await Self.expectNoConsent(platform, fixture, tokens)
                try await Self.expectNoConsent(platform, fixture, SignedIn(accessToken: newAccessToken, refreshToken: tokens.refreshToken))

                // Signing in again asks for the consent again, and the new tokens work.
                let again = try await browser.get(
                    OAuthTestPaths.authorize + "?" + FormEncoding.encode(fixture.authorization().map(FormEncoding.Field.init)))
                #expect(again.form(posting: "/consent") != nil)
            }
        }
    }

    @Test func anAdministratorSeesAndRevokesConsentsFromTheCommandLine() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let tokens = try await Self.signIn(platform, fixture)
            let database = ["--database", configuration.database.argument]
            let list = try await OrangerieProcess.run(["consent", "list", "--username", fixture.username] + database)
            #expect(list.status == 0)
            #expect(list.stdout.contains(fixture.clientID))
            #expect(list.stdout.contains("offline_access"))
            let revoke = try await OrangerieProcess.run(
                ["consent", "revoke", "--username", fixture.username, "--client-id", fixture.clientID] + database)
            #expect(revoke.status == 0)
            // Another process: seen within a change-feed interval.
            #expect(try await eventually(within: .seconds(15)) { try await Self.callAPI(platform, tokens.accessToken).status == .unauthorized })
            try await Self.expectNoConsent(platform, fixture, tokens)
            let again = try await OrangerieProcess.run(
                ["consent", "revoke", "--username", fixture.username, "--client-id", fixture.clientID] + database)
            #expect(again.status != 0)
            #expect(again.stderr.contains("not found"))
        }
    }

    @Test func lockingTheUserStopsTheirTokensForGood() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let tokens = try await Self.signIn(platform, fixture)
            let database = ["--database", configuration.database.argument]
            #expect(try await OrangerieProcess.run(["user", "lock", "--username", fixture.username] + database).status == 0)
            #expect(try await eventually(within: .seconds(15)) { try await Self.callAPI(platform, tokens.accessToken).status == .unauthorized })
            try await Self.expectNoConsent(platform, fixture, tokens)

            // Unlocking lets the user sign in again, but brings none of the old tokens back.
            #expect(try await OrangerieProcess.run(["user", "unlock", "--username", fixture.username] + database).status == 0)
            #expect(
                try await eventually(within: .seconds(15)) {
                    let description = try await Self.callAPI(platform, tokens.accessToken).json()["description"] as? String
                    return description?.hasPrefix("access token resource") == true
                })
            #expect(try await OpenIDTokenEndpointTests.refresh(platform, fixture, token: tokens.refreshToken).status == .badRequest)
            let fresh = try await Self.signIn(platform, fixture)
            #expect(try await OpenIDTokenEndpointTests.userInfo(platform, fresh.accessToken).status == .ok)
        }
    }

    @Test func suspendingTheApplicationStopsItsUserTokens() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let tokens = try await Self.signIn(platform, fixture)
            let suspend = try await OrangerieProcess.run(
                ["app", "suspend", fixture.clientID, "--database", configuration.database.argument])
            #expect(suspend.status == 0)
            #expect(try await eventually(within: .seconds(15)) { try await Self.callAPI(platform, tokens.accessToken).status == .forbidden })
            #expect(try await Self.callAPI(platform, tokens.accessToken).json()["code"] as? Int == 51)
            let refreshed = try await OpenIDTokenEndpointTests.refresh(platform, fixture, token: tokens.refreshToken)
            #expect(refreshed.status == .unauthorized)
            #expect(try refreshed.json()["error"] as? String == "invalid_client")
        }
    }

    @Test func aUserTokenReachesAnAPIOnlyWithOneOfItsScopes() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let answer = try await Browser(platform).authorize(
                fixture.authorization(scope: "openid profile"), username: fixture.username, password: fixture.password)
            let code = try #require(answer.redirectParameters["code"])
            let json = try await OpenIDTokenEndpointTests.exchange(platform, fixture, code: code).json()
            let refused = try await Self.callAPI(platform, try #require(json["access_token"] as? String))
            #expect(refused.status == .forbidden)
            #expect(try refused.json()["code"] as? Int == 50)
            #expect(refused.headers[.wwwAuthenticate]?.contains(#"error="insufficient_scope""#) == true)
            // The application's own token is judged by its subscription alone (the upstream is down: 503).
            let own = try await platform.token(authorization: fixture.basicAuthorization).json()["access_token"] as? String
            #expect(try await Self.callAPI(platform, try #require(own)).status == .serviceUnavailable)
        }
    }

    @Test func aClientRevokesItsUsersTokensAndTheConsentStays() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        let other = try await provisionThreeLegged(configuration, email: "other@example.com")
        try await withPlatform(configuration) { (platform) async throws in
            let browser = Browser(platform)
            let tokens = try await Self.signIn(platform, fixture, browser: browser)
            func revoke(_ token: String, as client: ThreeLeggedFixture) async throws -> HTTPAnswer {
                try await platform.request(
                    .post, "/openidconnect/fr/v1/revoke", headers: [.authorization: client.basicAuthorization],
                    body: "token=\(token)&token_type_hint=refresh_token")
            }
            // Another client's attempt, or an unknown token: 200 and nothing happens (RFC 7009 §2.2).
            #expect(try await revoke(tokens.refreshToken, as: other).status == .ok)
            #expect(try await revoke("unknown", as: fixture).status == .ok)
            #expect(try await OpenIDTokenEndpointTests.userInfo(platform, tokens.accessToken).status == .ok)

            #expect(try await revoke(tokens.refreshToken, as: fixture).status == .ok)
            let refreshed = try await OpenIDTokenEndpointTests.refresh(platform, fixture, token: tokens.refreshToken)
            #expect(try refreshed.json()["error"] as? String == "invalid_grant")
            let info = try await OpenIDTokenEndpointTests.userInfo(platform, tokens.accessToken)
            #expect(info.status == .unauthorized)
            #expect(try info.json()["description"] as? String == "access token resource not found")
            // The consent stays: the next authorization goes straight back with a code.
            let again = try await browser.get(
                OAuthTestPaths.authorize + "?" + FormEncoding.encode(fixture.authorization(["prompt": "none"]).map(FormEncoding.Field.init)))
            #expect(again.redirectParameters["code"] != nil)
            // Client-credentials tokens are not revoked here.
            let twoLegged = try await platform.token(authorization: fixture.basicAuthorization).json()["access_token"] as? String
            let refused = try await revoke(try #require(twoLegged), as: fixture)
            #expect(try refused.json()["error"] as? String == "unsupported_token_type")
        }
    }

    @Test func anIDTokenIsSignedByTheNewestKeyAndTheOldKeyStaysPublished() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            func kid() async throws -> String {
                let answer = try await Browser(platform).authorize(
                    fixture.authorization(), username: fixture.username, password: fixture.password)
                let json = try await OpenIDTokenEndpointTests.exchange(
                    platform, fixture, code: try #require(answer.redirectParameters["code"])
                ).json()
                let header = String(try #require(json["id_token"] as? String).split(separator: ".")[0])
                let data = try #require(Data(base64Encoded: header + String(repeating: "=", count: (4 - header.count % 4) % 4)))
                return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])["kid"] as! String
            }
            let before = try await kid()
            let rotated = try await OrangerieProcess.run(["keys", "rotate", "--database", configuration.database.argument])
            let newKid = try #require(try rotated.json()["kid"] as? String)
            #expect(try await eventually(within: .seconds(15)) { try await kid() == newKid })
            let published = try await SigningKeyEndToEndTests.jwks(platform).keys.compactMap { $0.keyIdentifier?.string }
            #expect(Set(published) == [before, newKid])
        }
    }
}

/// Issue 5 and ARCHITECTURE.md, "Secrets never reach a log": the 3-legged flow at trace level.
@Suite struct OpenIDLoggingTests {
    @Test func noPasswordCodeTokenOrSessionReachesTheLogs() async throws {
        let sink = LogSink()
        var logger = Logger(label: "capture") { _ in CapturingLogHandler(sink: sink) }
        logger.logLevel = .trace
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        let secrets = try await withPlatform(configuration, logger: logger) { (platform) async throws -> [String] in
            let browser = Browser(platform)
            let verifier = PKCE.makeVerifier()
            var secrets = [fixture.password, fixture.application.credentials.clientSecret, verifier]
            // A failed sign-in first: the wrong password must not be logged either.
            let page = try await browser.get(
                OAuthTestPaths.authorize + "?" + FormEncoding.encode(fixture.authorization().map(FormEncoding.Field.init)))
            let login = try #require(page.form(posting: "/login"))
            _ = try await browser.submit(login, replacing: ["username": fixture.username, "password": "a-wrong-password-123"])
            secrets += ["a-wrong-password-123", try #require(login["interaction"]), try #require(login["csrf_token"])]
            let answer = try await browser.authorize(
                fixture.authorization(
                    scope: "openid offline_access",
                    ["code_challenge": PKCE.s256Challenge(for: verifier), "code_challenge_method": "S256"]),
                username: fixture.username, password: fixture.password)
            let code = try #require(answer.redirectParameters["code"])
            secrets += [code] + browser.cookies.values
            let tokens = try await OpenIDTokenEndpointTests.exchange(platform, fixture, code: code, extra: "&code_verifier=\(verifier)").json()
            for name in ["access_token", "refresh_token", "id_token"] { secrets.append(try #require(tokens[name] as? String)) }
            _ = try await OpenIDTokenEndpointTests.exchange(platform, fixture, code: code)  // a replay, logged as a warning
            _ = try await OpenIDTokenEndpointTests.userInfo(platform, secrets[secrets.count - 3])
            _ = try await OpenIDTokenEndpointTests.refresh(platform, fixture, token: secrets[secrets.count - 2])
            return secrets
        }
        let log = sink.text
        #expect(log.contains("Authorization code replayed"), "the capture works")
        for secret in secrets {
            #expect(!log.contains(secret), "a secret of \(secret.count) characters is in the log")
        }
    }
}
