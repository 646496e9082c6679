import Foundation
import HTTPTypes
import OAuthClient
import OAuthCore
import Platform
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

/// Pushed authorization requests (RFC 9126; issue 16, item 5), end to end: the real server on 127.0.0.1:0, pushed to
/// by plain HTTP and by the SDK's ``AuthorizationCodeFlow``, with a client that plays the browser.
@Suite struct PushedAuthorizationTests {
    static let path = "/openidconnect/fr/v1/par"
    static let issuerPath = "/openidconnect/fr/v1"

    /// `POST …/par` with the fixture's Basic credentials (or `authorization`) and `parameters` as the form.
    static func push(
        _ platform: RunningPlatform, _ parameters: [String: String], authorization: String?
    ) async throws -> HTTPAnswer {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let authorization { headers[.authorization] = authorization }
        let body = FormEncoding.encode(parameters.sorted { $0.key < $1.key }.map { FormEncoding.Field($0.key, $0.value) })
        return try await platform.request(.post, path, headers: headers, body: body)
    }

    /// A pushed request of the fixture's application with PKCE; its `request_uri`.
    static func pushedRequestURI(_ platform: RunningPlatform, _ fixture: ThreeLeggedFixture, _ extra: [String: String] = [:]) async throws -> String {
        let answer = try await push(
            platform, fixture.authorization(["code_challenge": PKCE.s256Challenge(for: PKCE.makeVerifier()), "code_challenge_method": "S256"].merging(extra) { _, new in new }),
            authorization: fixture.basicAuthorization)
        #expect(answer.status == .created, "\(answer.body)")
        return try #require(try answer.json()["request_uri"] as? String)
    }

    /// `/authorize` with only `client_id` and `request_uri`, as RFC 9126 §4 shows it.
    static func authorizeTarget(clientID: String, requestURI: String) -> String {
        OAuthTestPaths.authorize + "?" + FormEncoding.encode([.init("client_id", clientID), .init("request_uri", requestURI)])
    }

    static func flow(_ platform: RunningPlatform, _ fixture: ThreeLeggedFixture, advertised: Bool = true) async throws -> AuthorizationCodeFlow {
        var metadata = try await AuthorizationCodeFlow.discoverMetadata(issuer: URL(string: platform.baseURL + issuerPath)!)
        if !advertised { metadata.pushedAuthorizationRequestEndpoint = nil }
        return AuthorizationCodeFlow(metadata: metadata, credentials: fixture.application.credentials, redirectURI: fixture.redirectURI)
    }

    @Test func theSDKPushesThenTheBrowserSignsInAndTheCodeIsExchanged() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let flow = try await Self.flow(platform, fixture)
            let url = try await flow.authorizationURL(.init(scope: ["openid", "profile", "offline_access"], loginHint: "alice"))
            let query = try #require(URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems)
            #expect(query.map(\.name) == ["client_id", "request_uri"], "nothing of the request shows in the browser")
            #expect(query.first { $0.name == "request_uri" }?.value?.hasPrefix("urn:ietf:params:oauth:request_uri:") == true)

            // Whatever else the browser adds is ignored (RFC 9126 §4): the pushed scope and state stand.
            let browser = Browser(platform)
            let tampered = url.absoluteString + "&scope=openid%20phone&state=forged&redirect_uri=https%3A%2F%2Fevil.example%2F"
            let first = try await browser.get(tampered)
            let login = try #require(first.form(posting: "/login"), "the login page, after which the flow goes on")
            #expect(login.fields.contains { $0.name == "username" && $0.value == "alice" }, "the pushed login_hint")
            var answer = try await browser.follow(
                try await browser.submit(login, replacing: ["username": fixture.username, "password": fixture.password]))
            let consent = try #require(answer.form(posting: "/consent"))
            #expect(Set(consent.fields.filter { $0.name == "scope" }.map(\.value)) == ["openid", "profile", "offline_access"])
            answer = try await browser.post(consent.action, fields: consent.fields + [.init("decision", "allow")])
            let callback = try #require(answer.headers[.location].flatMap(URL.init(string:)))
            #expect(callback.absoluteString.hasPrefix(fixture.redirectURI + "?"))

            let signIn = try await flow.handleCallback(callback)
            #expect(signIn.grantedScope == ["openid", "profile", "offline_access"])
            #expect(signIn.idToken?.audience == [fixture.clientID])
            #expect(signIn.tokens.refreshToken != nil)
        }
    }

    @Test func theSDKPushesOnlyWhenTheProviderAdvertisesIt() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let plain = try await Self.flow(platform, fixture, advertised: false).authorizationURL()
            let names = Set(try #require(URLComponents(url: plain, resolvingAgainstBaseURL: false)?.queryItems).map(\.name))
            #expect(names.isSuperset(of: ["client_id", "redirect_uri", "state", "nonce", "code_challenge"]))
            #expect(!names.contains("request_uri"))
            // A request the provider refuses when pushed is refused before any browser opens, with the callback's error.
            let flow = try await Self.flow(platform, fixture)
            do {
                _ = try await flow.authorizationURL(.init(scope: ["openid", "nonsense"]))
                Issue.record("a pushed request with an unknown scope was accepted")
            } catch let error as OAuthClientError {
                #expect(error == .authorizationRefused)
                #expect(error.oauthError?.error == .invalidScope)
            }
            let stranger = AuthorizationCodeFlow(
                metadata: try await AuthorizationCodeFlow.discoverMetadata(issuer: URL(string: platform.baseURL + Self.issuerPath)!),
                credentials: ClientCredentials(clientID: fixture.clientID, clientSecret: "wrong"), redirectURI: fixture.redirectURI)
            await #expect(throws: OAuthClientError.tokenRequestRefused) { try await stranger.authorizationURL() }
        }
    }

    @Test func discoveryAdvertisesTheEndpoint() async throws {
        let configuration = testConfiguration()
        try await withPlatform(configuration) { (platform) async throws in
            let metadata = try await AuthorizationCodeFlow.discoverMetadata(issuer: URL(string: platform.baseURL + Self.issuerPath)!)
            #expect(metadata.pushedAuthorizationRequestEndpoint == platform.baseURL + Self.path)
            #expect(metadata.requirePushedAuthorizationRequests == false)
            let json = try await platform.request(.get, "/.well-known/oauth-authorization-server/openidconnect/fr/v1").json()
            #expect(json["pushed_authorization_request_endpoint"] as? String == platform.baseURL + Self.path)
            #expect(json["require_pushed_authorization_requests"] as? Bool == false)
        }
    }

    @Test func aRequestURIServesOnceAndOnlyUntilItExpires() async throws {
        let clock = ManualClock(Date())
        var configuration = testConfiguration()
        configuration.clock = clock.clock
        let fixture = try await provisionThreeLegged(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let push = try await Self.push(platform, fixture.authorization(), authorization: fixture.basicAuthorization)
            #expect(push.status == .created)
            #expect(push.headers[.cacheControl] == "no-store")
            #expect(try push.json()["expires_in"] as? Int == 60)
            let requestURI = try #require(try push.json()["request_uri"] as? String)
            let target = Self.authorizeTarget(clientID: fixture.clientID, requestURI: requestURI)
            #expect(try await Browser(platform).get(target).form(posting: "/login") != nil)
            let replayed = try await Browser(platform).get(target)
            #expect(replayed.status == .badRequest)
            #expect(replayed.headers[.location] == nil, "never a redirect to a redirect_uri nobody vouches for")
            #expect(replayed.form(posting: "/login") == nil)

            let late = Self.authorizeTarget(clientID: fixture.clientID, requestURI: try await Self.pushedRequestURI(platform, fixture))
            clock.advance(by: 61)
            #expect(try await Browser(platform).get(late).status == .badRequest)
            let inTime = Self.authorizeTarget(clientID: fixture.clientID, requestURI: try await Self.pushedRequestURI(platform, fixture))
            clock.advance(by: 59)
            #expect(try await Browser(platform).get(inTime).form(posting: "/login") != nil)
            let forged = Self.authorizeTarget(clientID: fixture.clientID, requestURI: "urn:ietf:params:oauth:request_uri:forged")
            #expect(try await Browser(platform).get(forged).status == .badRequest)
        }
    }

    @Test func anotherClientsRequestURIIsRefusedAndLeftForItsOwner() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        let other = try await provisionThreeLegged(configuration, email: "other@example.com")
        try await withPlatform(configuration) { (platform) async throws in
            let requestURI = try await Self.pushedRequestURI(platform, fixture)
            let stolen = try await Browser(platform).get(Self.authorizeTarget(clientID: other.clientID, requestURI: requestURI))
            #expect(stolen.status == .badRequest)
            #expect(stolen.headers[.location] == nil)
            let withoutClient = try await Browser(platform).get(
                OAuthTestPaths.authorize + "?" + FormEncoding.encode([.init("request_uri", requestURI)]))
            #expect(withoutClient.status == .badRequest)
            let own = try await Browser(platform).get(Self.authorizeTarget(clientID: fixture.clientID, requestURI: requestURI))
            #expect(own.form(posting: "/login") != nil, "a foreign attempt does not use the request up")
        }
    }

    /// RFC 9126 §2.1 and §2.3: the parameters are checked as `/authorize` checks them, and refused with a 400 and the
    /// error `/authorize` would have redirected; the client authenticates as at the token endpoint.
    @Test func thePushedParametersAndTheClientAreCheckedAsAuthorizeAndTheTokenEndpointCheckThem() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let refusals: [([String: String], String)] = [
                (fixture.authorization(["redirect_uri": "https://app.example.com/callback/extra"]), "invalid_request"),
                (fixture.authorization().filter { $0.key != "redirect_uri" }, "invalid_request"),
                (fixture.authorization(["response_type": "token"]), "unsupported_response_type"),
                (fixture.authorization(["scope": "openid nonsense"]), "invalid_scope"),
                (fixture.authorization(["code_challenge": PKCE.s256Challenge(for: PKCE.makeVerifier()), "code_challenge_method": "plain"]), "invalid_request"),
                (fixture.authorization(["code_challenge": "short", "code_challenge_method": "S256"]), "invalid_request"),
                (fixture.authorization(["request_uri": "urn:ietf:params:oauth:request_uri:x"]), "invalid_request"),
            ]
            for (parameters, error) in refusals {
                let answer = try await Self.push(platform, parameters, authorization: fixture.basicAuthorization)
                #expect(answer.status == .badRequest, "\(parameters)")
                #expect(try answer.json()["error"] as? String == error, "\(parameters)")
                #expect(answer.headers[.location] == nil)
            }
            // client_secret_post works too, and the body's client_id may be left out with Basic.
            var posted = fixture.authorization()
            posted["client_secret"] = fixture.application.credentials.clientSecret
            #expect(try await Self.push(platform, posted, authorization: nil).status == .created)
            #expect(try await Self.push(platform, fixture.authorization().filter { $0.key != "client_id" }, authorization: fixture.basicAuthorization).status == .created)

            let wrongSecret = ClientCredentials(clientID: fixture.clientID, clientSecret: "wrong").authorizationHeader()
            let unknown = ClientCredentials(clientID: "unknown", clientSecret: "wrong").authorizationHeader()
            for authorization in [wrongSecret, unknown, nil] {
                // The credentials alone, as in the token request beside.
                let refused = try await Self.push(platform, fixture.authorization().filter { $0.key != "client_id" }, authorization: authorization)
                var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
                if let authorization { headers[.authorization] = authorization }
                let token = try await platform.request(
                    .post, OAuthTestPaths.token, headers: headers, body: "grant_type=refresh_token&refresh_token=x")
                #expect(refused.status == .unauthorized)
                #expect(refused.body == token.body)
                #expect(refused.headers[.wwwAuthenticate] == token.headers[.wwwAuthenticate])
            }
            let conflicting = try await Self.push(
                platform, fixture.authorization(["client_id": "someone-else"]), authorization: fixture.basicAuthorization)
            #expect(conflicting.status == .unauthorized)

            let get = try await platform.request(.get, Self.path)
            #expect(get.status == .methodNotAllowed)
            #expect(get.headers[.allow] == "POST")
            let huge = try await Self.push(
                platform, fixture.authorization(["login_hint": String(repeating: "a", count: 20_000)]), authorization: fixture.basicAuthorization)
            #expect(huge.status == .contentTooLarge)
        }
    }

    @Test func anApplicationTheOperatorRequiresToPushIsRefusedAuthorizeWithoutARequestURI() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let plain = OAuthTestPaths.authorize + "?" + FormEncoding.encode(fixture.authorization().map(FormEncoding.Field.init))
            #expect(try await Browser(platform).get(plain).form(posting: "/login") != nil)

            let require = try await OrangerieProcess.run(
                ["app", "par", fixture.clientID, "--require", "--database", configuration.database.argument])
            #expect(require.status == 0)
            #expect(require.stdout.contains(#""require_pushed_authorization_requests" : true"#))
            #expect(
                try await eventually(within: .seconds(15)) {
                    try await Browser(platform).get(plain).redirectParameters["error"] == "invalid_request"
                })
            let refused = try await Browser(platform).get(plain)
            #expect(refused.status == .found)
            #expect(refused.headers[.location]?.hasPrefix(fixture.redirectURI + "?") == true)
            #expect(refused.redirectParameters["state"] == "upToYouData")
            let pushed = Self.authorizeTarget(clientID: fixture.clientID, requestURI: try await Self.pushedRequestURI(platform, fixture))
            #expect(try await Browser(platform).get(pushed).form(posting: "/login") != nil)

            let allow = try await OrangerieProcess.run(
                ["app", "par", fixture.clientID, "--allow", "--database", configuration.database.argument])
            #expect(allow.status == 0)
            #expect(allow.stdout.contains(#""require_pushed_authorization_requests" : false"#))
            #expect(try await eventually(within: .seconds(15)) { try await Browser(platform).get(plain).form(posting: "/login") != nil })
            let trail = try await withAdministration(configuration) { platform in
                try await platform.store.auditTrail(AuditQuery(clientID: fixture.clientID))
            }
            #expect(trail.map(\.action).contains(.pushedRequestsRequired))
            #expect(trail.map(\.action).contains(.pushedRequestsOptional))
        }
    }
}
