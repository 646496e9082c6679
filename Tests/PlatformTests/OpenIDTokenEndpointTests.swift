import AuthorizationServer
import Crypto
import Foundation
import GRDB
import HTTPTypes
import JWTKit
import OAuthCore
import Platform
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

/// `POST /openidconnect/fr/v1/token`, the ID token, userinfo and discovery, end to end (issue 5, "Deliver" 4 to 7;
/// seed 003, "Step 2", "Authorization by refresh token" and the token endpoint's error table).
@Suite struct OpenIDTokenEndpointTests {
    /// The ID token's claims as a relying party reads them, verified by jwt-kit against the JWKS.
    struct IDToken: JWTPayload {
        var iss: IssuerClaim
        var sub: SubjectClaim
        var aud: AudienceClaim
        var exp: ExpirationClaim
        var iat: IssuedAtClaim
        var auth_time: Int
        var nonce: String?
        var acr: String?
        var at_hash: String
        var azp: String
        func verify(using algorithm: some JWTAlgorithm) throws { try exp.verifyNotExpired() }
    }

    /// Signs in with a browser and returns the code.
    static func code(
        _ platform: RunningPlatform, _ fixture: ThreeLeggedFixture, scope: String = "openid profile offline_access",
        _ extra: [String: String] = [:]
    ) async throws -> String {
        let answer = try await Browser(platform).authorize(
            fixture.authorization(scope: scope, extra), username: fixture.username, password: fixture.password)
        return try #require(answer.redirectParameters["code"])
    }

    static func exchange(
        _ platform: RunningPlatform, _ fixture: ThreeLeggedFixture, code: String, redirectURI: String? = nil,
        extra: String = "", authorization: String? = nil
    ) async throws -> HTTPAnswer {
        let body = "grant_type=authorization_code&code=\(code)&redirect_uri=\(FormEncoding.escape(redirectURI ?? fixture.redirectURI))" + extra
        return try await platform.request(
            .post, OAuthTestPaths.token,
            headers: [.authorization: authorization ?? fixture.basicAuthorization, .contentType: "application/x-www-form-urlencoded"],
            body: body)
    }

    static func refresh(_ platform: RunningPlatform, _ fixture: ThreeLeggedFixture, token: String, scope: String? = nil) async throws -> HTTPAnswer {
        let body = "grant_type=refresh_token&refresh_token=\(token)" + (scope.map { "&scope=" + FormEncoding.escape($0) } ?? "")
        return try await platform.request(
            .post, OAuthTestPaths.token, headers: [.authorization: fixture.basicAuthorization], body: body)
    }

    static func userInfo(_ platform: RunningPlatform, _ accessToken: String) async throws -> HTTPAnswer {
        try await platform.request(.get, OAuthTestPaths.userinfo, headers: [.authorization: "Bearer " + accessToken])
    }

    @Test func theRedirectURIOfACodeMatchesByBytesNotByCanonicalEquivalence() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration, redirectURIs: ["https://app.example.com/Kallback"])
        try await withPlatform(configuration) { (platform) async throws in
            // U+212A KELVIN SIGN is canonically equivalent to K: Swift's == says equal, RFC 6749 §4.1.3 says not.
            let kelvin = try await Self.exchange(
                platform, fixture, code: try await Self.code(platform, fixture), redirectURI: "https://app.example.com/\u{212A}allback")
            #expect(kelvin.status == .badRequest)
            #expect(try kelvin.json()["error_description"] as? String == "Invalid redirect_uri")
            #expect(try await Self.exchange(platform, fixture, code: try await Self.code(platform, fixture)).status == .ok)
        }
    }

    @Test func theCodeGivesTokensAndAnIDTokenThatAJWTLibraryVerifies() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let code = try await Self.code(platform, fixture, ["nonce": "n-0S6_WzA2Mj", "acr_values": "3 1"])
            let answer = try await Self.exchange(platform, fixture, code: code)
            #expect(answer.status == .ok)
            #expect(answer.headers[.cacheControl] == "no-store")
            let json = try answer.json()
            #expect(json["token_type"] as? String == "Bearer")
            #expect(json["expires_in"] as? Int == 3600)
            #expect(json["scope"] as? String == "offline_access openid profile")
            let accessToken = try #require(json["access_token"] as? String)
            let refreshToken = try #require(json["refresh_token"] as? String)
            let idToken = try #require(json["id_token"] as? String)

            let keys = try await JWTKeyCollection().add(jwks: try await SigningKeyEndToEndTests.jwks(platform))
            let claims = try await keys.verify(idToken, as: IDToken.self)
            #expect(claims.iss.value == platform.baseURL + "/openidconnect/fr/v1")
            #expect(claims.aud.value == [fixture.clientID])
            #expect(claims.azp == fixture.clientID)
            #expect(claims.nonce == "n-0S6_WzA2Mj")
            #expect(claims.acr == "1", "the first acr value met")
            #expect(abs(Double(claims.auth_time) - Date().timeIntervalSince1970) < 60)
            #expect(claims.exp.value.timeIntervalSince(claims.iat.value) == 3600)
            let digest = Data(SHA256.hash(data: Data(accessToken.utf8)).prefix(16)).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            #expect(claims.at_hash == digest)
            let payload = String(idToken.split(separator: ".")[1])
            #expect(!payload.contains("."), "whole-second dates")

            // UserInfo: the claims of the granted scopes only, the same sub; at both of seed 003's paths, GET and POST.
            let info = try await Self.userInfo(platform, accessToken)
            let userInfo = try info.json()
            #expect(userInfo["sub"] as? String == claims.sub.value)
            #expect(userInfo["name"] as? String == "Alice Martin")
            #expect(userInfo["family_name"] as? String == "Martin")
            #expect(userInfo["email"] == nil)
            #expect(userInfo["phone_number"] == nil)
            let posted = try await platform.request(
                .post, "/openidconnect/fr/v1/userinfo", headers: [.authorization: "Bearer " + accessToken])
            #expect(posted.status == .ok)

            // The same subject in the next ID token, and refresh works with the refresh token.
            #expect(try await Self.refresh(platform, fixture, token: refreshToken).status == .ok)
        }
    }

    @Test func offlineAccessBringsTheRefreshTokenAndOpenIDTheIDToken() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let plain = try await Self.exchange(platform, fixture, code: try await Self.code(platform, fixture, scope: "profile email"))
            let json = try plain.json()
            #expect(json["refresh_token"] == nil)
            #expect(json["id_token"] == nil)
            #expect(json["access_token"] is String)
            let info = try await Self.userInfo(platform, try #require(json["access_token"] as? String))
            #expect(info.status == .forbidden, "userinfo needs the openid scope")
            #expect(info.headers[.wwwAuthenticate]?.contains("insufficient_scope") == true)
        }
    }

    @Test func aRefreshKeepsOrNarrowsTheGrantedScopeAndWorksForItsClientOnly() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        let other = try await provisionThreeLegged(configuration, email: "other@example.com")
        try await withPlatform(configuration) { (platform) async throws in
            let tokens = try await Self.exchange(
                platform, fixture, code: try await Self.code(platform, fixture, scope: "openid profile email offline_access")
            ).json()
            let refreshToken = try #require(tokens["refresh_token"] as? String)
            func scope(_ asked: String?) async throws -> String? {
                let answer = try await Self.refresh(platform, fixture, token: refreshToken, scope: asked)
                #expect(answer.status == .ok)
                #expect(try answer.json()["refresh_token"] == nil)
                return try answer.json()["scope"] as? String
            }
            #expect(try await scope(nil) == "email offline_access openid profile")
            #expect(try await scope("openid cloud") == "email offline_access openid profile", "invalid: the original scope")
            #expect(try await scope("openid email") == "email openid")

            // Another application presenting it, or a made-up token: invalid_grant.
            let stolen = try await platform.request(
                .post, OAuthTestPaths.token, headers: [.authorization: other.basicAuthorization],
                body: "grant_type=refresh_token&refresh_token=\(refreshToken)")
            #expect(stolen.status == .badRequest)
            #expect(try stolen.json()["error"] as? String == "invalid_grant")
            let bogus = try await Self.refresh(platform, fixture, token: "not-a-refresh-token")
            #expect(try bogus.json()["error"] as? String == "invalid_grant")
            let access = try await Self.refresh(platform, fixture, token: try #require(tokens["access_token"] as? String))
            #expect(try access.json()["error"] as? String == "invalid_grant", "an access token is no refresh token")
        }
    }

    @Test func aReusedCodeFailsEvenAfter30SecondsAndRevokesWhatItGave() async throws {
        let clock = ManualClock(Date())
        var configuration = testConfiguration()
        configuration.clock = clock.clock
        let fixture = try await provisionThreeLegged(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let code = try await Self.code(platform, fixture)
            let first = try await Self.exchange(platform, fixture, code: code).json()
            let accessToken = try #require(first["access_token"] as? String)
            let refreshToken = try #require(first["refresh_token"] as? String)
            #expect(try await Self.userInfo(platform, accessToken).status == .ok)

            clock.advance(by: 30)
            let replay = try await Self.exchange(platform, fixture, code: code)
            #expect(replay.status == .badRequest)
            #expect(try replay.json()["error"] as? String == "invalid_grant")
            #expect(try await Self.userInfo(platform, accessToken).status == .unauthorized)
            #expect(try await Self.refresh(platform, fixture, token: refreshToken).status == .badRequest)
            let gateway = try await platform.request(.get, "/poi/v1/shops", headers: [.authorization: "Bearer " + accessToken])
            #expect(gateway.status == .unauthorized)
            #expect(try gateway.json()["code"] as? Int == 41)

            // An expired access token: userinfo says invalid_token, with Orange's code 42. (A second later than the
            // replay, which revoked the grant's tokens issued until then.)
            clock.advance(by: 1)
            let fresh = try await Self.exchange(platform, fixture, code: try await Self.code(platform, fixture)).json()
            clock.advance(by: 3601)
            let expiredToken = try await Self.userInfo(platform, try #require(fresh["access_token"] as? String))
            #expect(expiredToken.status == .unauthorized)
            #expect(expiredToken.headers[.wwwAuthenticate] == #"Bearer realm="Orangerie", error="invalid_token""#)
            #expect(try expiredToken.json()["code"] as? Int == 42)

            // A code older than seed 003's 10 minutes is refused.
            let late = try await Self.code(platform, fixture)
            clock.advance(by: 601)
            let expired = try await Self.exchange(platform, fixture, code: late)
            #expect(try expired.json()["error_description"] as? String == "Invalid authorization code")
        }
    }

    @Test func ofFiftyParallelRedemptionsOfACodeExactlyOneSucceeds() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let code = try await Self.code(platform, fixture)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<50 { group.addTask { try await Self.exchange(platform, fixture, code: code).status } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .ok }.count == 1)
            #expect(statuses.filter { $0 == .badRequest }.count == 49)
        }
    }

    /// A code redemption whose ID token cannot be signed answers 500 and leaves no token behind it.
    @Test func aSigningFailureLeavesNoOrphanTokens() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        let platform = try await Platform.open(configuration)
        // The only signing key cannot be opened: signing fails.
        try await platform.store.addSigningKey(
            SigningKey(kid: "broken", algorithm: "RS256", sealedPrivateKey: Data(repeating: 7, count: 64), createdAt: Date()))
        let user = try #require(try await platform.store.user(username: fixture.username))
        let grant = try await platform.store.saveGrant(
            userSubject: user.subject, applicationID: fixture.application.application.id, scope: ["openid", "offline_access"])
        let code = RandomString.base64URL(byteCount: 32)
        try await platform.store.saveCode(
            AuthorizationCode(
                digest: TokenDigest(of: code), grantID: grant.id, redirectURI: fixture.redirectURI, scope: ["openid", "offline_access"],
                codeChallenge: nil, nonce: nil, authTime: Date(), issuedAt: Date(), expiresAt: Date() + 600))
        try await withPlatform(configuration) { (server) async throws in
            let answer = try await Self.exchange(server, fixture, code: code)
            #expect(answer.status == .internalServerError)
        }
        let saved = try await DatabaseQueue(path: configuration.database.argument).read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM issued_tokens WHERE grant_id = ?", arguments: [grant.id])
        }
        #expect(saved == 0)
    }

    @Test func pkceIsVerifiedAndCannotBeDowngraded() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let verifier = PKCE.makeVerifier()
            let challenge = ["code_challenge": PKCE.s256Challenge(for: verifier), "code_challenge_method": "S256"]
            let valid = try await Self.exchange(
                platform, fixture, code: try await Self.code(platform, fixture, challenge), extra: "&code_verifier=\(verifier)")
            #expect(valid.status == .ok)
            let missing = try await Self.exchange(platform, fixture, code: try await Self.code(platform, fixture, challenge))
            #expect(try missing.json()["error"] as? String == "invalid_grant")
            let wrong = try await Self.exchange(
                platform, fixture, code: try await Self.code(platform, fixture, challenge), extra: "&code_verifier=\(PKCE.makeVerifier())")
            #expect(try wrong.json()["error"] as? String == "invalid_grant")
            let downgrade = try await Self.exchange(
                platform, fixture, code: try await Self.code(platform, fixture), extra: "&code_verifier=\(verifier)")
            #expect(try downgrade.json()["error"] as? String == "invalid_grant")
        }
    }

    @Test func everyErrorOfSeed003sTable() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        let other = try await provisionThreeLegged(configuration, email: "other@example.com")
        try await withPlatform(configuration) { (platform) async throws in
            func post(_ body: String, authorization: String? = fixture.basicAuthorization) async throws -> HTTPAnswer {
                var headers: HTTPFields = [:]
                if let authorization { headers[.authorization] = authorization }
                return try await platform.request(.post, OAuthTestPaths.token, headers: headers, body: body)
            }
            func expect(
                _ answer: HTTPAnswer, _ status: HTTPResponse.Status, _ error: String, _ description: String,
                sourceLocation: SourceLocation = #_sourceLocation
            ) throws {
                #expect(answer.status == status, sourceLocation: sourceLocation)
                #expect(try answer.json()["error"] as? String == error, sourceLocation: sourceLocation)
                #expect(try answer.json()["error_description"] as? String == description, sourceLocation: sourceLocation)
                if status == .unauthorized {
                    #expect(answer.headers[.wwwAuthenticate] == #"Basic realm="Authorization Required""#, sourceLocation: sourceLocation)
                }
            }
            try expect(
                try await platform.request(.get, OAuthTestPaths.token), .badRequest, "invalid_request",
                "The URI does not support the requested method")
            try expect(
                try await post("grant_type=authorization_code", authorization: nil), .unauthorized, "invalid_client",
                "The requested service needs credentials, but none were provided")
            let unknown = ClientCredentials(clientID: "nobody", clientSecret: "nothing").authorizationHeader()
            try expect(try await post("grant_type=authorization_code", authorization: unknown), .unauthorized, "invalid_client", "Client not found")
            let wrongSecret = ClientCredentials(clientID: fixture.clientID, clientSecret: "wrong").authorizationHeader()
            try expect(
                try await post("grant_type=authorization_code", authorization: wrongSecret), .unauthorized, "invalid_client",
                "Invalid client password")
            try expect(try await post("grant_type=password"), .badRequest, "invalid_grant", "The parameter grant_type is not valid")
            try expect(
                try await post("grant_type=authorization_code&redirect_uri=x"), .badRequest, "invalid_request",
                "One or more required query-string parameters are missing")
            try expect(try await post("grant_type=authorization_code&code=made-up&redirect_uri=x"), .badRequest, "invalid_grant", "Invalid authorization code")
            try expect(
                try await Self.exchange(platform, fixture, code: try await Self.code(platform, fixture), redirectURI: "http://127.0.0.1/callback"),
                .badRequest, "invalid_grant", "Invalid redirect_uri")
            try expect(
                try await post("grant_type=refresh_token&client_id=\(fixture.clientID)&client_secret=x&refresh_token=y"), .badRequest,
                "invalid_request", "Duplicate credentials")
            try expect(try await post("grant_type=authorization_code&code=a&code=b"), .badRequest, "invalid_request",
                "The parameter code must not be repeated")
            // The code of another application: invalid_grant.
            try expect(
                try await Self.exchange(platform, fixture, code: try await Self.code(platform, fixture), authorization: other.basicAuthorization),
                .badRequest, "invalid_grant", OAuthError.invalidGrant.errorDescription!)
        }
    }

    @Test func discoveryListsWhatIsSupportedUnderThePublicURL() async throws {
        var configuration = testConfiguration()
        configuration.publicURL = "https://api.example.com/"
        try await withPlatform(configuration) { (platform) async throws in
            for path in ["/openidconnect/fr/v1/.well-known/openid-configuration", "/.well-known/oauth-authorization-server/openidconnect/fr/v1"] {
                let answer = try await platform.request(.get, path)
                #expect(answer.status == .ok)
                let metadata = try answer.json()
                #expect(metadata["issuer"] as? String == "https://api.example.com/openidconnect/fr/v1")
                #expect(metadata["authorization_endpoint"] as? String == "https://api.example.com/openidconnect/fr/v1/authorize")
                #expect(metadata["token_endpoint"] as? String == "https://api.example.com/openidconnect/fr/v1/token")
                #expect(metadata["userinfo_endpoint"] as? String == "https://api.example.com/openidconnect/fr/v1/userinfo")
                #expect(metadata["jwks_uri"] as? String == "https://api.example.com/openidconnect/fr/v1/jwks")
                #expect(metadata["code_challenge_methods_supported"] as? [String] == ["S256"])
                #expect(metadata["response_types_supported"] as? [String] == ["code"])
                #expect(metadata["id_token_signing_alg_values_supported"] as? [String] == ["RS256"])
                #expect(metadata["authorization_response_iss_parameter_supported"] as? Bool == true)
                #expect(metadata["revocation_endpoint"] as? String == "https://api.example.com/openidconnect/fr/v1/revoke")
                #expect(metadata["introspection_endpoint"] as? String == "https://api.example.com/openidconnect/fr/v1/introspect")
                #expect(metadata["pushed_authorization_request_endpoint"] as? String == "https://api.example.com/openidconnect/fr/v1/par")
            }
        }
    }
}
