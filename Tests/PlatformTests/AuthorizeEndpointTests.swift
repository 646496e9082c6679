import Foundation
import HTTPTypes
import OAuthCore
import Platform
import PlatformStore
import PlatformTesting
import Testing

/// `/openidconnect/fr/v1/authorize` and its login and consent pages, with a client that plays the browser
/// (issue 5, "Deliver" 2 and 3; seed 003, "Step 1" and "When calling the Authorize endpoint").
@Suite struct AuthorizeEndpointTests {
    /// Asserts a seed 003 error redirect to the fixture's redirect_uri.
    static func expectRedirect(
        _ answer: HTTPAnswer, to fixture: ThreeLeggedFixture, error: String, description: String?, state: String? = "upToYouData",
        status: HTTPResponse.Status = .found, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(answer.status == status, sourceLocation: sourceLocation)
        #expect(answer.headers[.location]?.hasPrefix(fixture.redirectURI + "?") == true, sourceLocation: sourceLocation)
        let parameters = answer.redirectParameters
        #expect(parameters["error"] == error, sourceLocation: sourceLocation)
        #expect(parameters["error_description"] == description, sourceLocation: sourceLocation)
        #expect(parameters["state"] == state, sourceLocation: sourceLocation)
        #expect(parameters["iss"]?.hasSuffix("/openidconnect/fr/v1") == true, sourceLocation: sourceLocation)
    }

    @Test func anUnknownClientOrAnUnregisteredRedirectURIGetsTheErrorPageNeverARedirect() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let browser = Browser(platform)
            let tricks = [
                "https://app.example.com/callback/extra",  // suffix
                "https://app.example.com/callbackx",
                "https://app.example.com/call",  // prefix
                "https://app.example.com:8443/callback",  // another port
                "https://app.example.com/callback/../evil",  // path traversal
                "https://app.example.com/%2e%2e/callback",
                "https://APP.example.com/callback",  // case changes
                "https://app.example.com/Callback",
                "https://app.example.com/callback?next=https://evil.example",  // an added query
                "http://app.example.com/callback",  // scheme downgrade
                "https://evil.example/callback",
                "http://127.0.0.1:5000/other",  // loopback, but another path
                "http://127.0.0.1:0/callback",
                "http://localhost:5000/callback",
            ]
            var requests = tricks.map { fixture.authorization(["redirect_uri": $0]) }
            requests.append(fixture.authorization(["client_id": "unknown-client"]))
            var missingClient = fixture.authorization()
            missingClient["client_id"] = nil
            requests.append(missingClient)
            var missingRedirect = fixture.authorization()
            missingRedirect["redirect_uri"] = nil
            requests.append(missingRedirect)
            for parameters in requests {
                let answer = try await browser.get(OAuthTestPaths.authorize + "?" + FormEncoding.encode(parameters.map(FormEncoding.Field.init)))
                #expect(answer.status == .badRequest, "\(parameters)")
                #expect(answer.headers[.location] == nil, "\(parameters)")
                #expect(answer.headers[.contentType] == "text/html; charset=utf-8")
                #expect(answer.body.contains("Authorization error"))
            }
            // RFC 8252 §7.3: a registered loopback IP literal accepts any port.
            let loopback = try await browser.get(
                OAuthTestPaths.authorize + "?"
                    + FormEncoding.encode(fixture.authorization(["redirect_uri": "http://127.0.0.1:53127/callback"]).map(FormEncoding.Field.init)))
            #expect(loopback.status == .ok)
            #expect(loopback.form(posting: "/login") != nil)
        }
    }

    @Test func everyOtherErrorRedirectsWithSeed003sDescription() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let browser = Browser(platform)
            func authorize(_ parameters: [String: String]) async throws -> HTTPAnswer {
                try await browser.get(OAuthTestPaths.authorize + "?" + FormEncoding.encode(parameters.map(FormEncoding.Field.init)))
            }
            Self.expectRedirect(
                try await authorize(fixture.authorization(["response_type": "token"])), to: fixture,
                error: "unsupported_response_type", description: "unsupported response type")
            Self.expectRedirect(
                try await authorize(fixture.authorization(scope: "openid unheard-of")), to: fixture,
                error: "invalid_scope", description: "scope value cannot be understood")
            Self.expectRedirect(
                try await authorize(fixture.authorization(["prompt": "sometimes"])), to: fixture,
                error: "invalid_request", description: "invalid prompt value")
            Self.expectRedirect(
                try await authorize(fixture.authorization(["prompt": "none login"])), to: fixture,
                error: "invalid_request", description: "invalid prompt value")
            Self.expectRedirect(
                try await authorize(fixture.authorization(["code_challenge": String(repeating: "a", count: 43), "code_challenge_method": "plain"])),
                to: fixture, error: "invalid_request", description: "code_challenge_method must be S256")
            Self.expectRedirect(
                try await authorize(fixture.authorization(["display": "hologram"])), to: fixture,
                error: "invalid_request", description: "invalid display value")
            var noState = fixture.authorization()
            noState["state"] = nil
            Self.expectRedirect(try await authorize(noState), to: fixture, error: "invalid_request", description: "missing state parameter", state: nil)
            var noResponseType = fixture.authorization()
            noResponseType["response_type"] = nil
            Self.expectRedirect(
                try await authorize(noResponseType), to: fixture, error: "invalid_request", description: "missing response_type parameter")
            let repeated = try await browser.get(
                OAuthTestPaths.authorize + "?" + FormEncoding.encode(fixture.authorization().map(FormEncoding.Field.init) + [.init("scope", "email")]))
            Self.expectRedirect(repeated, to: fixture, error: "invalid_request", description: "syntax error")
            // Seed 003's encoding: spaces as %20.
            #expect(repeated.headers[.location]?.contains("error_description=syntax%20error") == true)
            // Unknown parameters are ignored; an API's declared scope may be asked.
            let fine = try await authorize(fixture.authorization(scope: "openid cloud", ["charset": "utf8", "claims": "x"]))
            #expect(fine.status == .ok)
            #expect(fine.form(posting: "/login") != nil)
        }
    }

    @Test func signInAndConsentRedirectWithCodeStateAndIss() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let browser = Browser(platform)
            let answer = try await browser.authorize(
                fixture.authorization(scope: "openid profile email"), username: fixture.username, password: fixture.password)
            #expect(answer.status == .seeOther)
            let parameters = answer.redirectParameters
            #expect(answer.headers[.location]?.hasPrefix(fixture.redirectURI + "?code=") == true)
            #expect(parameters["state"] == "upToYouData")
            #expect(parameters["iss"] == platform.baseURL + "/openidconnect/fr/v1")
            #expect(parameters["scope"] == nil, "all that was asked was granted")
            let code = try #require(parameters["code"])
            #expect(code.count >= 43)

            // The consent is remembered and the session signs in: the next request goes straight back (302).
            let again = try await browser.get(
                OAuthTestPaths.authorize + "?" + FormEncoding.encode(fixture.authorization(scope: "openid profile").map(FormEncoding.Field.init)))
            #expect(again.status == .found)
            #expect(again.redirectParameters["code"] != nil)

            // prompt=consent shows the consent page again, as do new scopes.
            for extra in [["prompt": "consent"], ["scope": "openid phone"]] {
                let asked = try await browser.get(
                    OAuthTestPaths.authorize + "?" + FormEncoding.encode(fixture.authorization(extra).map(FormEncoding.Field.init)))
                #expect(asked.status == .ok)
                #expect(asked.form(posting: "/consent") != nil, "\(extra)")
            }
        }
    }

    @Test func aPartialGrantSaysSoAndADenialIsAccessDenied() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let partial = try await Browser(platform).authorize(
                fixture.authorization(scope: "openid profile email"), username: fixture.username, password: fixture.password,
                untick: ["email"])
            #expect(partial.redirectParameters["scope"] == "openid profile")
            #expect(partial.redirectParameters["code"] != nil)

            let denied = try await Browser(platform).authorize(
                fixture.authorization(scope: "openid phone"), username: fixture.username, password: fixture.password,
                decision: "deny")
            Self.expectRedirect(denied, to: fixture, error: "access_denied", description: "consent denied", status: .seeOther)
        }
    }

    @Test func promptNoneNeedsASessionAndAConsent() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let browser = Browser(platform)
            let silent = OAuthTestPaths.authorize + "?" + FormEncoding.encode(fixture.authorization(["prompt": "none"]).map(FormEncoding.Field.init))
            Self.expectRedirect(
                try await browser.get(silent), to: fixture, error: "login_required",
                description: "The Authorization Server requires End-User authentication")

            // Signed in (on the account page), but no consent yet.
            let account = try await browser.get(OAuthTestPaths.account)
            let login = try #require(account.form(posting: "/login"))
            let signedIn = try await browser.follow(
                try await browser.submit(login, replacing: ["username": fixture.username, "password": fixture.password]))
            #expect(signedIn.body.contains("Your account"))
            Self.expectRedirect(try await browser.get(silent), to: fixture, error: "consent_required", description: "prompt none")

            // Consented: prompt=none answers with a code, no page.
            _ = try await browser.authorize(fixture.authorization(), username: fixture.username, password: fixture.password)
            let answer = try await browser.get(silent)
            #expect(answer.status == .found)
            #expect(answer.redirectParameters["code"] != nil)
        }
    }

    @Test func maxAgeAndPromptLoginAskForThePasswordAgain() async throws {
        let clock = ManualClock(Date())
        var configuration = testConfiguration()
        configuration.clock = clock.clock
        let fixture = try await provisionThreeLegged(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let browser = Browser(platform)
            _ = try await browser.authorize(fixture.authorization(), username: fixture.username, password: fixture.password)
            clock.advance(by: 120)
            func authorize(_ extra: [String: String]) async throws -> HTTPAnswer {
                try await browser.get(OAuthTestPaths.authorize + "?" + FormEncoding.encode(fixture.authorization(extra).map(FormEncoding.Field.init)))
            }
            #expect(try await authorize(["max_age": "600"]).status == .found, "signed in 2 minutes ago: within max_age")
            let stale = try await authorize(["max_age": "60"])
            #expect(stale.form(posting: "/login") != nil)
            #expect(stale.body.contains("Please confirm it is you."))
            let forced = try await authorize(["prompt": "login"])
            let login = try #require(forced.form(posting: "/login"))
            let signedIn = try await browser.follow(
                try await browser.submit(login, replacing: ["username": fixture.username, "password": fixture.password]))
            #expect(signedIn.status == .found, "signing in satisfies prompt=login without a loop")
            #expect(signedIn.redirectParameters["code"] != nil)
            clock.advance(by: 1)
            #expect(try await authorize(["max_age": "0"]).form(posting: "/login") != nil)
        }
    }

    @Test func everyPageSendsTheSecurityHeadersAndEveryFormIsCSRFChecked() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let browser = Browser(platform)
            let page = try await browser.get(
                OAuthTestPaths.authorize + "?" + FormEncoding.encode(fixture.authorization().map(FormEncoding.Field.init)))
            for answer in [page, try await browser.get(OAuthTestPaths.authorize)] {
                #expect(answer.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
                #expect(answer.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
                #expect(answer.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
                #expect(answer.headers[.cacheControl] == "no-store")
            }
            let cookie = try #require(page.headers[.setCookie])
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(!cookie.contains("Secure"), "plain http on loopback")
            let login = try #require(page.form(posting: "/login"))
            #expect(login.fields.contains { $0.name == "csrf_token" })
            #expect(page.body.contains(#"autocomplete="username""#))
            #expect(page.body.contains(#"autocomplete="current-password""#))
            let credentials = ["username": fixture.username, "password": fixture.password]

            // Without the token, with a wrong one, from another browser, or with a tampered interaction: refused.
            var noToken = login
            noToken.fields.removeAll { $0.name == "csrf_token" }
            #expect(try await browser.submit(noToken, replacing: credentials).status == .forbidden)
            #expect(try await browser.submit(login, replacing: credentials.merging(["csrf_token": "forged"]) { $1 }).status == .forbidden)
            #expect(try await Browser(platform).submit(login, replacing: credentials).status == .forbidden)
            let tampered = String(login["interaction"]!.dropLast(2)) + "AA"
            #expect(try await browser.submit(login, replacing: credentials.merging(["interaction": tampered]) { $1 }).status == .forbidden)

            // The genuine form signs in and is answered with 303.
            let signedIn = try await browser.submit(login, replacing: credentials)
            #expect(signedIn.status == .seeOther)
            let consent = try #require(try await browser.follow(signedIn).form(posting: "/consent"))
            var forged = consent
            forged.fields.removeAll { $0.name == "csrf_token" }
            #expect(try await browser.submit(forged, adding: [.init("decision", "allow")]).status == .forbidden)
        }
    }

    @Test func theSessionCookieIsSecureWhenThePublicURLIsHTTPS() async throws {
        var configuration = testConfiguration()
        configuration.publicURL = "https://login.example.com"
        let fixture = try await provisionThreeLegged(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let page = try await Browser(platform).get(
                OAuthTestPaths.authorize + "?" + FormEncoding.encode(fixture.authorization().map(FormEncoding.Field.init)))
            let cookie = try #require(page.headers[.setCookie])
            #expect(cookie.contains("Secure"))
            #expect(cookie.contains("HttpOnly"))
            let iss = try await Browser(platform).get(
                OAuthTestPaths.authorize + "?" + FormEncoding.encode(fixture.authorization(["prompt": "none"]).map(FormEncoding.Field.init)))
            #expect(iss.redirectParameters["iss"] == "https://login.example.com/openidconnect/fr/v1")
        }
    }

    @Test func failedSignInsAreThrottledPerUserAndLockedUsersCannotSignIn() async throws {
        var configuration = testConfiguration()
        configuration.clock = ManualClock(Date()).clock  // the limit counts per calendar minute: never let it turn
        let database = configuration.database.argument
        let fixture = try await provisionThreeLegged(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let browser = Browser(platform)
            var page = try await browser.get(
                OAuthTestPaths.authorize + "?" + FormEncoding.encode(fixture.authorization().map(FormEncoding.Field.init)))
            for _ in 0..<5 {
                let login = try #require(page.form(posting: "/login"))
                page = try await browser.submit(login, replacing: ["username": fixture.username, "password": "wrong password"])
                #expect(page.status == .ok)
                #expect(page.body.contains("The username or the password is wrong."))
                #expect(page.form(posting: "/login")?["username"] == fixture.username)
            }
            let login = try #require(page.form(posting: "/login"))
            let throttled = try await browser.submit(login, replacing: ["username": fixture.username, "password": fixture.password])
            #expect(throttled.status == .tooManyRequests)
            #expect((1...60).contains(Int(throttled.headers[.retryAfter] ?? "") ?? 0))  // until the minute ends
            #expect(throttled.body.contains("Too many attempts"))

            // A locked user is refused with the same words as a wrong password.
            _ = try await OrangerieProcess.run(["user", "create", "--username", "bob", "--database", database], input: "bob's password")
            _ = try await OrangerieProcess.run(["user", "lock", "--username", "bob", "--database", database])
            let other = Browser(platform)
            let bobPage = try await other.get(
                OAuthTestPaths.authorize + "?" + FormEncoding.encode(fixture.authorization().map(FormEncoding.Field.init)))
            let refused = try await other.submit(
                try #require(bobPage.form(posting: "/login")), replacing: ["username": "bob", "password": "bob's password"])
            #expect(refused.body.contains("The username or the password is wrong."))
        }
    }

    @Test func pagesSpeakFrenchOrEnglishAndHonourDisplayAndLoginHint() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let browser = Browser(platform)
            func page(_ extra: [String: String], headers: HTTPFields = [:]) async throws -> HTTPAnswer {
                try await browser.get(
                    OAuthTestPaths.authorize + "?" + FormEncoding.encode(fixture.authorization(extra).map(FormEncoding.Field.init)),
                    headers: headers)
            }
            let french = try await page(["ui_locales": "fr-FR en", "display": "popup", "login_hint": "alice"])
            #expect(french.body.contains(#"<html lang="fr">"#))
            #expect(french.body.contains("Mot de passe"))
            #expect(french.body.contains(#"<body class="popup">"#))
            #expect(french.form(posting: "/login")?["username"] == "alice")
            let fromBrowser = try await page([:], headers: [.acceptLanguage: "fr-CA,fr;q=0.9"])
            #expect(fromBrowser.body.contains("Connexion"))
            let english = try await page(["ui_locales": "de en", "display": "wap"])
            #expect(english.body.contains(#"<html lang="en">"#))
            #expect(english.body.contains(#"<body class="wap">"#))
        }
    }
}
