import AuthorizationServer
import Foundation
import HTTPTypes
import JWTKit
import Logging
import OAuthClient
import OAuthCore
import Platform
import PlatformServices
import PlatformStore
import PlatformTesting
import Synchronization
import Testing

/// The SDK's 3-legged flow end to end against the real provider, a browser-playing client in the user's place
/// (issue 6, "Deliver" 1 to 4 and 6).
@Suite struct AuthorizationCodeFlowTests {
    static func flow(_ platform: RunningPlatform, _ fixture: ThreeLeggedFixture, transport: any HTTPTransport = AsyncHTTPClientTransport.shared)
        async throws -> AuthorizationCodeFlow
    {
        try await AuthorizationCodeFlow.discover(
            issuer: URL(string: platform.baseURL + "/openidconnect/fr/v1")!, credentials: fixture.application.credentials,
            redirectURI: fixture.redirectURI, transport: transport)
    }

    /// A flow that sends its parameters in the URL, as to a provider without pushed authorization requests (Orange's):
    /// for the tests that read them there, or the errors the callback brings (`PushedAuthorizationTests` pushes).
    static func unpushedFlow(_ platform: RunningPlatform, _ fixture: ThreeLeggedFixture) async throws -> AuthorizationCodeFlow {
        var metadata = try await AuthorizationCodeFlow.discoverMetadata(issuer: URL(string: platform.baseURL + "/openidconnect/fr/v1")!)
        metadata.pushedAuthorizationRequestEndpoint = nil
        return AuthorizationCodeFlow(metadata: metadata, credentials: fixture.application.credentials, redirectURI: fixture.redirectURI)
    }

    /// The user signs in and consents in the browser; returns the callback URL the browser was sent to.
    static func callback(
        _ platform: RunningPlatform, _ fixture: ThreeLeggedFixture, url: URL, browser: Browser? = nil, decision: String = "allow"
    ) async throws -> URL {
        let answer = try await (browser ?? Browser(platform)).signIn(
            startingAt: url.absoluteString, username: fixture.username, password: fixture.password, decision: decision)
        return try #require(answer.headers[.location].flatMap(URL.init(string:)))
    }

    @Test func signsInVerifiesTheIDTokenAndReadsUserInfo() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let flow = try await Self.unpushedFlow(platform, fixture)
            let url = try await flow.authorizationURL(
                .init(scope: ["openid", "profile", "email", "offline_access"], uiLocales: "fr", loginHint: "alice", maxAge: 3600))
            let query = try #require(URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems)
            func item(_ name: String) -> String? { query.first { $0.name == name }?.value }
            #expect(item("code_challenge_method") == "S256")
            #expect(item("state")?.count == 43)
            #expect(item("nonce")?.count == 43)
            #expect(item("login_hint") == "alice")
            #expect(try await flow.authorizationURL().absoluteString != url.absoluteString, "fresh state, nonce and verifier")

            let signIn = try await flow.handleCallback(try await Self.callback(platform, fixture, url: url))
            let idToken = try #require(signIn.idToken)
            #expect(idToken.issuer == platform.baseURL + "/openidconnect/fr/v1")
            #expect(idToken.audience == [fixture.clientID])
            #expect(idToken.nonce == item("nonce"))
            #expect(signIn.grantedScope == ["openid", "profile", "email", "offline_access"])
            #expect(!signIn.isNarrowed)
            #expect(signIn.tokens.refreshToken != nil)

            let claims = try await flow.userInfo(signIn.tokens, subject: idToken.subject)
            #expect(claims["email"] == .string("alice@example.com"))
            await #expect(throws: OAuthClientError.invalidResponse) {
                try await flow.userInfo(signIn.tokens, subject: "someone else")
            }
        }
    }

    @Test func aNarrowerGrantIsReportedAndEveryCallbackErrorIsTyped() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let flow = try await Self.unpushedFlow(platform, fixture)
            let browser = Browser(platform)
            let narrowedURL = try await flow.authorizationURL(.init(scope: ["openid", "profile", "email"]))
            let start = try await browser.get(narrowedURL.absoluteString)
            let login = try #require(start.form(posting: "/login"))
            let consentPage = try await browser.follow(
                try await browser.submit(login, replacing: ["username": fixture.username, "password": fixture.password]))
            let consent = try #require(consentPage.form(posting: "/consent"))
            let answer = try await browser.post(
                consent.action, fields: consent.fields.filter { $0.value != "email" } + [.init("decision", "allow")])
            let narrowed = try await flow.handleCallback(try #require(answer.headers[.location].flatMap(URL.init(string:))))
            #expect(narrowed.isNarrowed)
            #expect(narrowed.grantedScope == ["openid", "profile"])

            // access_denied, login_required, consent_required, invalid_scope: typed errors.
            let denied = try await Self.callback(platform, fixture, url: try await flow.authorizationURL(.init(scope: ["openid", "phone"])), browser: browser, decision: "deny")
            await #expect(throws: OAuthClientError.accessDenied) { try await flow.handleCallback(denied) }
            let silent = try await Browser(platform).get(try await flow.authorizationURL(.init(prompt: "none")).absoluteString)
            await #expect(throws: OAuthClientError.loginRequired) {
                try await flow.handleCallback(try #require(silent.headers[.location].flatMap(URL.init(string:))))
            }
            let unconsented = try await browser.get(try await flow.authorizationURL(.init(scope: ["openid", "address"], prompt: "none")).absoluteString)
            await #expect(throws: OAuthClientError.consentRequired) {
                try await flow.handleCallback(try #require(unconsented.headers[.location].flatMap(URL.init(string:))))
            }
            let badScope = try await browser.get(try await flow.authorizationURL(.init(scope: ["openid", "nonsense"])).absoluteString)
            do {
                _ = try await flow.handleCallback(try #require(badScope.headers[.location].flatMap(URL.init(string:))))
                Issue.record("an invalid_scope callback was accepted")
            } catch let error as OAuthClientError {
                #expect(error == .authorizationRefused)
                #expect(error.oauthError?.error == .invalidScope)
                #expect(error.remedy == .signInAgain)
            }
        }
    }

    @Test func aForgedReplayedOrStaleStateOrAForeignIssIsRefused() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let clock = ManualClock(Date())
            let metadata = try await AuthorizationCodeFlow.discoverMetadata(issuer: URL(string: platform.baseURL + "/openidconnect/fr/v1")!)
            let flow = AuthorizationCodeFlow(
                metadata: metadata, credentials: fixture.application.credentials, redirectURI: fixture.redirectURI, now: clock.now)
            let browser = Browser(platform)
            let callback = try await Self.callback(platform, fixture, url: try await flow.authorizationURL(), browser: browser)
            func replacing(_ name: String, with value: String, in url: URL) -> URL {
                var components = URLComponents(url: url, resolvingAgainstBaseURL: false)!
                components.queryItems = components.queryItems!.map { $0.name == name ? URLQueryItem(name: name, value: value) : $0 }
                return components.url!
            }
            await #expect(throws: OAuthClientError.invalidCallback) {
                try await flow.handleCallback(replacing("state", with: "forged", in: callback))
            }
            await #expect(throws: OAuthClientError.invalidCallback) {
                try await flow.handleCallback(replacing("iss", with: "https://evil.example/openidconnect/fr/v1", in: callback))
            }
            // The foreign-iss attempt used the state up (a forged state finds none): the real callback now fails too.
            await #expect(throws: OAuthClientError.invalidCallback) { try await flow.handleCallback(callback) }
            let fresh = try await Self.callback(platform, fixture, url: try await flow.authorizationURL(), browser: browser)
            _ = try await flow.handleCallback(fresh)
            await #expect(throws: OAuthClientError.invalidCallback) { try await flow.handleCallback(fresh) }
            let stale = try await Self.callback(platform, fixture, url: try await flow.authorizationURL(), browser: browser)
            clock.advance(by: .seconds(601))
            await #expect(throws: OAuthClientError.invalidCallback) { try await flow.handleCallback(stale) }
        }
    }

    /// Claims as a forger would write them.
    struct ForgedClaims: JWTPayload {
        var iss: IssuerClaim
        var sub: SubjectClaim
        var aud: AudienceClaim
        var exp: ExpirationClaim
        var iat: IssuedAtClaim
        var nonce: String?
        func verify(using algorithm: some JWTAlgorithm) throws {}
    }

    @Test func aTamperedIDTokenIsRefusedAndARotatedKeyIsFetched() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let issuer = platform.baseURL + "/openidconnect/fr/v1"
            let metadata = try await AuthorizationCodeFlow.discoverMetadata(issuer: URL(string: issuer)!)
            let verifier = IDTokenVerifier(metadata: metadata, clientID: fixture.clientID)
            // The provider's own key signs the forgeries, so only the claims are wrong.
            let instance = try await Platform.open(configuration)
            let directory = PlatformDirectory()
            directory.update(signingKeys: try await instance.store.signingKeys())
            let ring = KeyRing(directory: directory, vault: instance.vault, overlap: 3600)
            func sign(iss: String = issuer, aud: String = fixture.clientID, exp: TimeInterval = 300, nonce: String? = "n") async throws -> String {
                try await ring.sign(
                    ForgedClaims(
                        iss: .init(value: iss), sub: "alice", aud: .init(value: [aud]), exp: .init(value: Date() + exp),
                        iat: .init(value: Date()), nonce: nonce))
            }
            #expect(try await verifier.verify(try await sign(), nonce: "n", accessToken: nil).subject == "alice")
            for (forged, why) in [
                (try await sign(iss: "https://evil.example"), "iss"), (try await sign(aud: "another-client"), "aud"),
                (try await sign(nonce: "other"), "nonce"), (try await sign(nonce: nil), "no nonce"), (try await sign(exp: -120), "expired"),
            ] {
                await #expect(throws: OAuthClientError.invalidIDToken, "\(why)") {
                    try await verifier.verify(forged, nonce: "n", accessToken: nil)
                }
            }
            let genuine = try await sign()
            var signature = Array(genuine.split(separator: ".")[2])
            signature[10] = signature[10] == "A" ? "B" : "A"
            let tampered = genuine.split(separator: ".")[0...1].joined(separator: ".") + "." + String(signature)
            await #expect(throws: OAuthClientError.invalidIDToken) { try await verifier.verify(tampered, nonce: "n", accessToken: nil) }
            let unsigned = Data(#"{"alg":"none","typ":"JWT"}"#.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
                + "." + genuine.split(separator: ".")[1] + "."
            await #expect(throws: OAuthClientError.invalidIDToken) { try await verifier.verify(unsigned, nonce: "n", accessToken: nil) }

            // The provider rotates its key: the verifier fetches the JWKS again, once, for the unknown kid.
            _ = try await instance.provisioning.rotateSigningKey()
            directory.update(signingKeys: try await instance.store.signingKeys())
            #expect(try await eventually(within: .seconds(15)) { try await platform.request(.get, KeyRing.jwksPath).body.contains(directory.signingKeys.last!.kid) })
            #expect(try await verifier.verify(try await sign(), nonce: "n", accessToken: nil).subject == "alice")
        }
    }
}

/// A transport that counts the token requests it passes on.
struct CountingTransport: HTTPTransport {
    let base: any HTTPTransport
    let tokenRequests = Counter()

    func send(_ request: HTTPRequestMessage) async throws -> HTTPResponseMessage {
        if request.url.path.hasSuffix("/token") { tokenRequests.next() }
        return try await base.send(request)
    }
}

/// Keeping a user's tokens fresh (issue 6, "Deliver" 3 and 4).
@Suite struct RefreshingTokenSourceTests {
    @Test func tenCallersShareOneRefreshAndAWithdrawnConsentMeansSignInAgain() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let counting = CountingTransport(base: AsyncHTTPClientTransport.shared)
            let flow = try await AuthorizationCodeFlow.discover(
                issuer: URL(string: platform.baseURL + "/openidconnect/fr/v1")!, credentials: fixture.application.credentials,
                redirectURI: fixture.redirectURI, transport: counting)
            let browser = Browser(platform)
            let signIn = try await flow.handleCallback(
                try await AuthorizationCodeFlowTests.callback(
                    platform, fixture, url: try await flow.authorizationURL(.init(scope: ["openid", "offline_access"])), browser: browser))
            #expect(counting.tokenRequests.count == 1)
            let store = InMemoryTokenStore()
            // Already expired: the next caller must refresh.
            var expired = signIn.tokens
            expired.expiresAt = expired.obtainedAt
            await store.save(expired, for: flow.storeKey)
            let events = Mutex<[String]>([])
            let source = flow.refreshingTokenSource(store: store) { event in
                events.withLock {
                    switch event {
                    case .refreshed: $0.append("refreshed")
                    case .signInRequired: $0.append("sign in")
                    case .refreshFailed: $0.append("failed")
                    }
                }
            }
            let tokens = try await withThrowingTaskGroup(of: AccessToken.self) { group in
                for _ in 0..<10 { group.addTask { try await source.token() } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(tokens.map(\.value)).count == 1)
            #expect(counting.tokenRequests.count == 2, "one refresh for ten callers")
            #expect(await store.token(for: flow.storeKey) == tokens[0], "stored before handed out")
            #expect(tokens[0].refreshToken == signIn.tokens.refreshToken, "the refresh token carries over")
            let client = AuthorizedClient(tokenSource: source)
            let info = try await client.send(HTTPRequestMessage(url: URL(string: platform.baseURL + "/openidconnect/v1/userinfo")!))
            #expect(info.status == 200, "the 2-legged AuthorizedClient works on top")

            // The user withdraws the consent on the account page.
            let account = try await browser.get(OAuthTestPaths.account)
            _ = try await browser.submit(try #require(account.form(posting: "/account/revoke")))
            do {
                _ = try await client.send(HTTPRequestMessage(url: URL(string: platform.baseURL + "/openidconnect/v1/userinfo")!))
                Issue.record("a withdrawn consent still worked")
            } catch let error as OAuthClientError {
                #expect(error == .signInRequired, "no new token, no replay: \(error)")
                #expect(error.remedy == .signInAgain)
            }
            #expect(counting.tokenRequests.count == 2)
            // The refresh token is dead too; invalid_grant is not retried.
            try await source.invalidate(try await source.token())
            await #expect(throws: OAuthClientError.signInRequired) { try await source.token() }
            #expect(events.withLock { $0 } == ["refreshed", "sign in"])
            #expect(counting.tokenRequests.count == 3)
        }
    }

    @Test func signingOutRevokesTheRefreshTokenAndWipesTheStore() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let flow = try await AuthorizationCodeFlowTests.flow(platform, fixture)
            let signIn = try await flow.handleCallback(
                try await AuthorizationCodeFlowTests.callback(
                    platform, fixture, url: try await flow.authorizationURL(.init(scope: ["openid", "offline_access"]))))
            let store = InMemoryTokenStore()
            await store.save(signIn.tokens, for: flow.storeKey)
            try await flow.signOut(store: store)
            #expect(await store.token(for: flow.storeKey) == nil)
            let refresh = try await platform.request(
                .post, OAuthTestPaths.token, headers: [.authorization: fixture.basicAuthorization],
                body: "grant_type=refresh_token&refresh_token=\(try #require(signIn.tokens.refreshToken?.revealed))")
            #expect(try refresh.json()["error"] as? String == "invalid_grant")
        }
    }

    /// Issue 16, item 1: `signOut` also gives the end-session URL, which ends the browser's session at the provider.
    @Test func signingOutGivesTheEndSessionURLThatEndsTheProvidersSession() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        let signedOut = "https://app.example.com/signed-out"
        _ = try await withAdministration(configuration) { platform in
            try await platform.provisioning.setLogout(LogoutRegistration(postLogoutRedirectURIs: [signedOut]), clientID: fixture.clientID)
        }
        try await withPlatform(configuration) { (platform) async throws in
            let flow = try await AuthorizationCodeFlowTests.flow(platform, fixture)
            #expect(flow.metadata.endSessionEndpoint == platform.baseURL + "/openidconnect/fr/v1/end-session")
            let browser = Browser(platform)
            let signIn = try await flow.handleCallback(
                try await AuthorizationCodeFlowTests.callback(
                    platform, fixture, url: try await flow.authorizationURL(.init(scope: ["openid", "offline_access"])), browser: browser))
            let store = InMemoryTokenStore()
            await store.save(signIn.tokens, for: flow.storeKey)
            let url = try #require(try await flow.signOut(store: store, postLogoutRedirectURI: signedOut, state: "bye-1"))
            #expect(await store.token(for: flow.storeKey) == nil)
            let query = try FormEncoding.decode(try #require(URLComponents(url: url, resolvingAgainstBaseURL: false)?.percentEncodedQuery))
            #expect(query.first { $0.name == "id_token_hint" }?.value == signIn.tokens.idToken?.revealed)
            #expect(query.first { $0.name == "client_id" }?.value == fixture.clientID)
            let refresh = try await platform.request(
                .post, OAuthTestPaths.token, headers: [.authorization: fixture.basicAuthorization],
                body: "grant_type=refresh_token&refresh_token=\(try #require(signIn.tokens.refreshToken?.revealed))")
            #expect(try refresh.json()["error"] as? String == "invalid_grant", "the refresh token is revoked")

            let answer = try await browser.get(url.absoluteString)
            #expect(answer.status == .found)
            #expect(answer.headers[.location] == signedOut + "?state=bye-1")
            let again = try await browser.get(try await flow.authorizationURL(.init(scope: ["openid"])).absoluteString)
            #expect(again.form(posting: "/login") != nil, "the provider's session ended: sign in again")
        }
    }
}

/// Seed 000 and issue 6: at trace level, the SDK logs no code, token, verifier or secret.
@Suite struct AuthorizationCodeFlowLoggingTests {
    @Test func theWholeFlowAtTraceLevelLeavesNoSecretInTheLog() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let sink = LogSink()
            var logger = Logger(label: "client") { _ in CapturingLogHandler(sink: sink) }
            logger.logLevel = .trace
            let transport = LoggingTransport(wrapping: AsyncHTTPClientTransport.shared, logger: logger)
            let flow = try await AuthorizationCodeFlowTests.flow(platform, fixture, transport: transport)
            let url = try await flow.authorizationURL(.init(scope: ["openid", "offline_access"]))
            let callback = try await AuthorizationCodeFlowTests.callback(platform, fixture, url: url)
            let signIn = try await flow.handleCallback(callback)
            let store = InMemoryTokenStore()
            var expired = signIn.tokens
            expired.expiresAt = expired.obtainedAt
            await store.save(expired, for: flow.storeKey)
            let refreshed = try await flow.refreshingTokenSource(store: store, logger: logger).token()
            _ = try await flow.userInfo(refreshed, subject: try #require(signIn.idToken).subject)
            try await flow.signOut(store: store)

            let code = try #require(URLComponents(url: callback, resolvingAgainstBaseURL: false)?.queryItems?.first { $0.name == "code" }?.value)
            let secrets = [
                code, fixture.application.credentials.clientSecret, String(fixture.basicAuthorization.dropFirst("Basic ".count)),
                signIn.tokens.value.revealed, try #require(signIn.tokens.refreshToken?.revealed),
                try #require(signIn.tokens.idToken?.revealed), refreshed.value.revealed,
            ]
            let log = sink.text
            #expect(log.contains("/openidconnect/fr/v1/token"), "the capture works")
            for (index, secret) in secrets.enumerated() { #expect(!log.contains(secret), "secret \(index) is in the log") }
            #expect(!log.contains("code_verifier=") || log.contains("code_verifier=<redacted"), "the verifier is masked")
        }
    }
}
