import Foundation
import HTTPTypes
import OAuthClient
import OAuthCore
import Platform
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

/// Sender-constrained tokens (DPoP, RFC 9449; issue 16, item 4), end to end: the real server on 127.0.0.1:0, the SDK
/// asking for and using DPoP tokens, and plain HTTP for what the SDK would never send.
@Suite struct DPoPTests {
    static let dpop = HTTPField.Name("DPoP")!

    /// The gateway fixture, served by the channel data path or by the router (tracing on), whose checks are the same.
    static func fixture(upstream: String, routerPath: Bool) async throws -> GatewayTests.Fixture {
        var fixture = try await GatewayTests.Fixture(upstream: upstream)
        if routerPath {
            fixture.configuration.tracing.endpoint = "http://127.0.0.1:9/v1/traces"
            fixture.configuration.tracing.samplingRatio = 0
        }
        return fixture
    }

    static func tokens(_ platform: RunningPlatform, _ credentials: ClientCredentials, dpop: Bool) -> CachingTokenSource {
        ClientCredentialsTokenSource(
            tokenURL: URL(string: platform.baseURL + "/oauth/v3/token")!, credentials: credentials, usesDPoP: dpop
        ).cached()
    }

    /// A call with `authorization` and the given proofs, as a client that does not use the SDK would make it.
    static func call(_ platform: RunningPlatform, _ path: String, authorization: String, proofs: [String] = []) async throws -> HTTPAnswer {
        var headers: HTTPFields = [.authorization: authorization]
        for proof in proofs { headers.append(HTTPField(name: dpop, value: proof)) }
        return try await platform.request(.get, path, headers: headers)
    }

    static func challenge(_ answer: HTTPAnswer) -> String { answer.headers[.wwwAuthenticate] ?? "" }

    @Test(arguments: [false, true]) func aDPoPTokenPassesTheGatewayOnlyWithAFreshProofOfItsKey(routerPath: Bool) async throws {
        try await TestUpstream.withUpstream { upstream in
            let fixture = try await Self.fixture(upstream: upstream, routerPath: routerPath)
            try await withPlatform(fixture.configuration) { platform in
                let tokens = Self.tokens(platform, fixture.application.credentials, dpop: true)
                let token = try await tokens.token()
                #expect(token.tokenType == "DPoP" && token.isDPoPBound)
                let key = try #require(token.dpopKey)

                // The SDK proves the key on each call; the backend gets neither the token nor the proof.
                let api = AuthorizedClient(tokenSource: tokens)
                for _ in 0..<2 {
                    let answer = try await api.send(HTTPRequestMessage(url: URL(string: platform.baseURL + "/echo/v1/shops?postalCode=35000")!))
                    #expect(answer.status == 200)
                    let echo = try JSONDecoder().decode(TestUpstream.Echo.self, from: answer.body)
                    #expect(echo.headers["dpop"] == nil && echo.headers["authorization"] == nil)
                }

                let url = URL(string: platform.baseURL + "/echo/v1/shops")!
                let value = token.value.revealed
                // Stolen without its key, the token is worth nothing: as a bearer token, or with a proof of another key.
                let asBearer = try await Self.call(platform, "/echo/v1/shops", authorization: "Bearer " + value)
                #expect(try asBearer.status == .unauthorized && (try asBearer.json()["code"] as? Int) == 41)
                #expect(Self.challenge(asBearer).hasPrefix(#"DPoP algs="ES256", error="invalid_token""#))
                let otherKey = try await DPoPKey().proof(method: "GET", url: url, accessToken: value)
                let stolen = try await Self.call(platform, "/echo/v1/shops", authorization: "DPoP " + value, proofs: [otherKey])
                #expect(stolen.status == .unauthorized && Self.challenge(stolen).contains(#"error="invalid_dpop_proof""#))
                #expect(Self.challenge(stolen).contains("not signed by the key the token is bound to"))
                let none = try await Self.call(platform, "/echo/v1/shops", authorization: "DPoP " + value)
                #expect(none.status == .unauthorized && Self.challenge(none).contains(#"error="invalid_dpop_proof""#))

                // A proof is for one call: another path is refused, and a captured proof works once.
                let elsewhere = try await key.proof(method: "GET", url: URL(string: platform.baseURL + "/echo/v1/other")!, accessToken: value)
                #expect(try await Self.call(platform, "/echo/v1/shops", authorization: "DPoP " + value, proofs: [elsewhere]).status == .unauthorized)
                let proof = try await key.proof(method: "GET", url: url, accessToken: value)
                #expect(try await Self.call(platform, "/echo/v1/shops", authorization: "DPoP " + value, proofs: [proof]).status == .ok)
                let replayed = try await Self.call(platform, "/echo/v1/shops", authorization: "DPoP " + value, proofs: [proof])
                #expect(replayed.status == .unauthorized && Self.challenge(replayed).contains("used before"))
                let stale = try await key.proof(method: "GET", url: url, accessToken: value, now: Date() - 120)
                #expect(try await Self.call(platform, "/echo/v1/shops", authorization: "DPoP " + value, proofs: [stale]).status == .unauthorized)

                // A bearer token stays a bearer token: the DPoP scheme does not make it one.
                let bearer = try await Self.tokens(platform, fixture.application.credentials, dpop: false).token()
                #expect(bearer.tokenType == "Bearer" && !bearer.isDPoPBound)
                let bearerProof = try await key.proof(method: "GET", url: url, accessToken: bearer.value.revealed)
                let misnamed = try await Self.call(platform, "/echo/v1/shops", authorization: "DPoP " + bearer.value.revealed, proofs: [bearerProof])
                #expect(misnamed.status == .unauthorized && Self.challenge(misnamed).contains(#"error="invalid_token""#))
                #expect(try await Self.call(platform, "/echo/v1/shops", authorization: "Bearer " + bearer.value.revealed).status == .ok)
            }
        }
    }

    @Test func anAPIThatRequiresDPoPRefusesBearerTokens() async throws {
        try await TestUpstream.withUpstream { upstream in
            let fixture = try await GatewayTests.Fixture(upstream: upstream)
            let api = try await fixture.admin.updateAPI(named: "echo", policy: GatewayPolicyChange(requiresDPoP: true))
            #expect(api.policy.requiresDPoP)
            try await withPlatform(fixture.configuration) { platform in
                let url = URL(string: platform.baseURL + "/echo/v1/shops")!
                let bearer = try await Self.tokens(platform, fixture.application.credentials, dpop: false).token()
                let refused = try await AuthorizedClient(tokenSource: StaticTokens(token: bearer)).send(HTTPRequestMessage(url: url))
                #expect(refused.status == 401 && refused.errorBody?.orangeError?.code == 41)
                #expect(refused.headers["WWW-Authenticate"]?.contains("This resource requires a DPoP-bound access token") == true)
                let passed = try await AuthorizedClient(tokenSource: Self.tokens(platform, fixture.application.credentials, dpop: true))
                    .send(HTTPRequestMessage(url: url))
                #expect(passed.status == 200)
            }
        }
    }

    /// `orangerie token --dpop` and `orangerie call --dpop`, as separate processes sharing the token cache, against an API
    /// that requires DPoP: the second process proves the key the first one stored.
    @Test func theCommandLineGetsAndUsesDPoPTokens() async throws {
        try await TestUpstream.withUpstream { upstream in
            let fixture = try await GatewayTests.Fixture(upstream: upstream)
            _ = try await fixture.admin.updateAPI(named: "echo", policy: GatewayPolicyChange(requiresDPoP: true))
            try await withPlatform(fixture.configuration) { platform in
                let environment = [
                    "ORANGERIE_TOKEN_URL": platform.baseURL + "/oauth/v3/token",
                    "ORANGERIE_AUTHORIZATION_HEADER": fixture.application.credentials.authorizationHeader(),
                    "ORANGERIE_TOKEN_CACHE": TemporaryDirectory().path + "/tokens.json",
                ]
                let token = try await OrangerieProcess.run(["token", "--dpop", "--json"], environment: environment)
                #expect(token.status == 0, "\(token.stderr)")
                #expect(token.stdout.contains(#""token_type":"DPoP""#))
                let call = try await OrangerieProcess.run(["call", "--dpop", platform.baseURL + "/echo/v1/shops"], environment: environment)
                #expect(call.status == 0, "\(call.stderr)")
                #expect(call.stdout.contains(#""x-oapi-client-id":"\#(fixture.application.credentials.clientID)""#))
                // For curl: the token, and a proof of its key for one request.
                let value = try await OrangerieProcess.run(["token", "--dpop"], environment: environment).stdout
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                let proof = try await OrangerieProcess.run(
                    ["token", "--dpop", "--proof", "GET " + platform.baseURL + "/echo/v1/shops"], environment: environment)
                #expect(proof.status == 0, "\(proof.stderr)")
                let byHand = try await Self.call(
                    platform, "/echo/v1/shops", authorization: "DPoP " + value, proofs: [proof.stdout.trimmingCharacters(in: .whitespacesAndNewlines)])
                #expect(byHand.status == .ok)
                let bearer = try await OrangerieProcess.run(["call", platform.baseURL + "/echo/v1/shops"], environment: environment)
                #expect(bearer.status != 0 && bearer.stderr.contains("This resource requires a DPoP-bound access token"))
                let both = try await OrangerieProcess.run(["call", "--dpop", "--user", platform.baseURL + "/echo/v1/shops"], environment: environment)
                #expect(both.status == 64 && both.stderr.contains("orangerie login --dpop"))
            }
        }
    }

    /// A real third-party DPoP client: requests-oauth2client (Python), which `.ci/run` installs; with `CI` set, its
    /// absence fails the test (`scripts/requests-oauth2client-dpop`).
    @Test func aThirdPartyClientGetsAndUsesADPoPToken() async throws {
        guard try await IntrospectionTests.python(["-c", "import requests_oauth2client"]).status == 0 else {
            #expect(ProcessInfo.processInfo.environment["CI"] == nil, "needs requests-oauth2client (python3 -m pip install requests-oauth2client)")
            return
        }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/requests-oauth2client-dpop").path
        try await TestUpstream.withUpstream { upstream in
            let fixture = try await GatewayTests.Fixture(upstream: upstream)
            try await withPlatform(fixture.configuration) { platform in
                let credentials = fixture.application.credentials
                let run = try await IntrospectionTests.python(
                    [script, platform.baseURL + "/oauth/v3/token", platform.baseURL + "/echo/v1/shops?postalCode=35000"],
                    environment: ["CLIENT_ID": credentials.clientID, "CLIENT_SECRET": credentials.clientSecret])
                #expect(run.status == 0, "\(run.output)")
                #expect(run.output.contains(#""token_type": "DPoP""#))
            }
        }
    }

    /// RFC 9449 §5 at the OpenID Connect token endpoint: the access token is bound to the proof's key, the refresh token
    /// of this confidential client is not, and each refresh binds its access token to its own proof's key.
    @Test func theOpenIDTokenEndpointBindsAccessTokensAndUserInfoWantsTheirProof() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        try await withPlatform(configuration) { platform in
            let tokenURL = URL(string: platform.baseURL + OAuthTestPaths.token)!
            let userInfoURL = URL(string: platform.baseURL + OAuthTestPaths.userinfo)!
            func tokenRequest(_ body: String, proof: String?) async throws -> HTTPAnswer {
                var headers: HTTPFields = [.authorization: fixture.basicAuthorization, .contentType: "application/x-www-form-urlencoded"]
                if let proof { headers[Self.dpop] = proof }
                return try await platform.request(.post, OAuthTestPaths.token, headers: headers, body: body)
            }
            let key = DPoPKey()
            let code = try await OpenIDTokenEndpointTests.code(platform, fixture)
            let exchange = "grant_type=authorization_code&code=\(code)&redirect_uri=\(FormEncoding.escape(fixture.redirectURI))"
            // A proof for another endpoint is refused before the code is spent.
            let misdirected = try await tokenRequest(exchange, proof: try await key.proof(method: "POST", url: userInfoURL))
            #expect(try misdirected.status == .badRequest && (try misdirected.json()["error"] as? String) == "invalid_dpop_proof")
            let answer = try await tokenRequest(exchange, proof: try await key.proof(method: "POST", url: tokenURL))
            let tokens = try answer.json()
            #expect(answer.status == .ok && tokens["token_type"] as? String == "DPoP")
            let accessToken = try #require(tokens["access_token"] as? String)
            let refreshToken = try #require(tokens["refresh_token"] as? String)

            let proven = try await platform.request(
                .get, OAuthTestPaths.userinfo,
                headers: [.authorization: "DPoP " + accessToken, Self.dpop: try await key.proof(method: "GET", url: userInfoURL, accessToken: accessToken)])
            #expect(try proven.status == .ok && (try proven.json()["sub"] as? String)?.isEmpty == false)
            let asBearer = try await OpenIDTokenEndpointTests.userInfo(platform, accessToken)
            #expect(asBearer.status == .unauthorized && Self.challenge(asBearer).contains(#"error="invalid_token""#))

            // The refresh token is no DPoP token: refreshed with a proof of a new key, the access token is bound to it;
            // without a proof, it is a bearer token.
            let newKey = DPoPKey()
            let refreshed = try await tokenRequest(
                "grant_type=refresh_token&refresh_token=\(refreshToken)", proof: try await newKey.proof(method: "POST", url: tokenURL))
            #expect(try refreshed.status == .ok && (try refreshed.json()["token_type"] as? String) == "DPoP")
            let renewed = try #require(try refreshed.json()["access_token"] as? String)
            let oldKeysProof = try await key.proof(method: "GET", url: userInfoURL, accessToken: renewed)
            #expect(
                try await platform.request(.get, OAuthTestPaths.userinfo, headers: [.authorization: "DPoP " + renewed, Self.dpop: oldKeysProof])
                    .status == .unauthorized)
            let unbound = try await tokenRequest("grant_type=refresh_token&refresh_token=\(refreshToken)", proof: nil)
            #expect(try unbound.status == .ok && (try unbound.json()["token_type"] as? String) == "Bearer")
        }
    }

    /// The SDK's 3-legged flow with `usesDPoP`: the code is exchanged for a DPoP token, userinfo is called with a proof,
    /// and a refresh proves the same key, so the new token stays bound to it (RFC 9449 §5).
    @Test func theSDKSignsAUserInWithDPoPAndRefreshesWithTheSameKey() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        try await withPlatform(configuration) { platform in
            let metadata = try await AuthorizationCodeFlow.discoverMetadata(issuer: URL(string: platform.baseURL + "/openidconnect/fr/v1")!)
            let flow = AuthorizationCodeFlow(
                metadata: metadata, credentials: fixture.application.credentials, redirectURI: fixture.redirectURI, usesDPoP: true)
            let url = try await flow.authorizationURL(.init(scope: ["openid", "profile", "offline_access"]))
            let answer = try await Browser(platform).signIn(startingAt: url.absoluteString, username: fixture.username, password: fixture.password)
            let signIn = try await flow.handleCallback(try #require(answer.headers[.location].flatMap(URL.init(string:))))
            #expect(signIn.tokens.isDPoPBound)
            let key = try #require(signIn.tokens.dpopKey)
            let subject = try #require(signIn.idToken?.subject)
            #expect(try await flow.userInfo(signIn.tokens, subject: subject)["sub"] == .string(subject))

            let store = InMemoryTokenStore()
            var spent = signIn.tokens
            spent.expiresAt = spent.obtainedAt
            await store.save(spent, for: flow.storeKey)
            let tokens = flow.refreshingTokenSource(store: store)
            let refreshed = try await tokens.token()
            #expect(refreshed.isDPoPBound && refreshed.value != signIn.tokens.value)
            #expect(refreshed.dpopKey?.thumbprint == key.thumbprint)
            let userInfoURL = try #require(metadata.userinfoEndpoint.flatMap(URL.init(string:)))
            #expect(try await AuthorizedClient(tokenSource: tokens).send(HTTPRequestMessage(url: userInfoURL)).status == 200)
        }
    }

    @Test func theClientCredentialsEndpointRefusesABadProofWithInvalidDPoPProof() async throws {
        let configuration = testConfiguration()
        let application = try await provisionApplication(configuration)
        try await withPlatform(configuration) { platform in
            let wrongURL = URL(string: platform.baseURL + "/oauth/v3/other")!
            let answer = try await platform.request(
                .post, "/oauth/v3/token",
                headers: [
                    .authorization: application.credentials.authorizationHeader(), .accept: "application/json",
                    .contentType: "application/x-www-form-urlencoded", Self.dpop: try await DPoPKey().proof(method: "POST", url: wrongURL),
                ],
                body: "grant_type=client_credentials")
            #expect(answer.status == .badRequest)
            #expect(try answer.json()["error"] as? String == "invalid_dpop_proof")
            #expect(try answer.json()["error_description"] as? String == "The DPoP proof's htu is not this URI")
        }
    }

    /// RFC 9449 §6.2: introspection tells a resource server the key a token is bound to; discovery says which
    /// algorithms proofs may use (RFC 9449 §5.1).
    @Test func introspectionShowsTheBoundKeyAndDiscoveryTheAlgorithms() async throws {
        let configuration = testConfiguration()
        let application = try await provisionApplication(configuration)
        let resourceServer = try await IntrospectionTests.resourceServer(configuration)
        try await withPlatform(configuration) { platform in
            let token = try await Self.tokens(platform, application.credentials, dpop: true).token()
            let introspection = try await IntrospectionTests.introspector(platform, resourceServer).introspect(token.value.revealed)
            #expect(introspection.isActive && introspection.tokenType == "DPoP")
            #expect(introspection.keyThumbprint == token.dpopKey?.thumbprint)
            let metadata = try await AuthorizationCodeFlow.discoverMetadata(issuer: URL(string: platform.baseURL + "/openidconnect/fr/v1")!)
            #expect(metadata.dpopSigningAlgValuesSupported == ["ES256"])
        }
    }
}

/// Always the same token.
private struct StaticTokens: TokenSource {
    var token: AccessToken
    func token() async throws -> AccessToken { token }
    func invalidate(_ token: AccessToken) async throws {}
}
