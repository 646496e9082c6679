import AuthorizationServer
import Foundation
import HTTPTypes
import JWTKit
import OAuthClient
import OAuthCore
import Platform
import PlatformStore
import PlatformTesting
import Testing

/// Automatic rotation of the ID token signing key (issue 16, item 3), through a whole cycle on an injected clock:
/// a key is published ahead of use, so a relying party whose cached key set predates its first token verifies that
/// token without fetching the set again; the replaced key stays published for the token lifetime.
@Suite struct SigningKeyRotationTests {
    static let period = Duration.seconds(30 * 86400)
    /// Two JWKS cache lifetimes, as `Platform` configures it.
    static let lead = Duration.seconds(120)

    struct Subject: JWTPayload {
        var sub: SubjectClaim
        func verify(using algorithm: some JWTAlgorithm) throws {}
    }

    /// Counts the JWK Set downloads of a relying party.
    struct JWKSCountingTransport: HTTPTransport {
        let downloads = Counter()

        func send(_ request: HTTPRequestMessage) async throws -> HTTPResponseMessage {
            if request.url.path == KeyRing.jwksPath { downloads.next() }
            return try await AsyncHTTPClientTransport.shared.send(request)
        }
    }

    static func idToken(_ platform: RunningPlatform, _ fixture: ThreeLeggedFixture) async throws -> String {
        let answer = try await Browser(platform).authorize(
            fixture.authorization(scope: "openid", ["nonce": "n"]), username: fixture.username, password: fixture.password)
        let code = try #require(answer.redirectParameters["code"])
        let exchanged = try await platform.request(
            .post, OAuthTestPaths.token,
            headers: [.authorization: fixture.basicAuthorization, .contentType: "application/x-www-form-urlencoded"],
            body: "grant_type=authorization_code&code=\(code)&redirect_uri=\(FormEncoding.escape(fixture.redirectURI))")
        return try #require(try exchanged.json()["id_token"] as? String)
    }

    static func kid(of jwt: String) throws -> String? {
        var header = String(jwt.prefix { $0 != "." }).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        header += String(repeating: "=", count: (4 - header.count % 4) % 4)
        let json = try JSONSerialization.jsonObject(with: try #require(Data(base64Encoded: header))) as? [String: Any]
        return json?["kid"] as? String
    }

    static func publishedKids(_ platform: RunningPlatform) async throws -> [String] {
        let jwks = try JSONDecoder().decode(JWKS.self, from: Data(try await platform.request(.get, KeyRing.jwksPath).body.utf8))
        return jwks.keys.compactMap { $0.keyIdentifier?.string }
    }

    @Test func aWholeCycleOnAnInjectedClock() async throws {
        let clock = ManualClock(Date())
        var configuration = testConfiguration()
        configuration.clock = WallClock(now: clock.now)
        configuration.signingKeyRotation = 30 * 86400
        configuration.signingKeyRotationCheck = .milliseconds(50)
        let fixture = try await provisionThreeLegged(configuration)
        let lifetime = Duration.seconds(configuration.accessTokenLifetime)
        try await withPlatform(configuration) { (platform) async throws in
            let issuer = URL(string: platform.baseURL + "/openidconnect/fr/v1")!
            let metadata = try await AuthorizationCodeFlow.discoverMetadata(issuer: issuer)
            let first = try #require(try await Self.publishedKids(platform).first)
            #expect(try await Self.publishedKids(platform) == [first])
            #expect(try Self.kid(of: try await Self.idToken(platform, fixture)) == first)

            // Two minutes before the period's end the next key is published, and the first still signs.
            clock.advance(by: Self.period - Self.lead - .seconds(1))
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await Self.publishedKids(platform) == [first])
            // A millisecond past the boundary: the key's `signs_from` went through the store as a number of
            // seconds since 1970, so it may differ from the clock's reading in the last bit.
            clock.advance(by: .seconds(1) + .milliseconds(1))
            // Making an RSA key takes about a second of CPU, much more when the whole suite shares two cores.
            #expect(try await eventually(within: .seconds(120)) { try await Self.publishedKids(platform).count == 2 })
            let second = try #require(try await Self.publishedKids(platform).last)
            #expect(second != first)
            #expect(try Self.kid(of: try await Self.idToken(platform, fixture)) == first)

            // A relying party caches the key set now (the SDK, and jwt-kit).
            let transport = JWKSCountingTransport()
            let verifier = IDTokenVerifier(metadata: metadata, clientID: fixture.clientID, transport: transport, now: clock.now)
            #expect(try await verifier.verify(try await Self.idToken(platform, fixture), nonce: "n", accessToken: nil).subject != "")
            #expect(transport.downloads.count == 1)
            let jwks = try JSONDecoder().decode(JWKS.self, from: Data(try await platform.request(.get, KeyRing.jwksPath).body.utf8))
            let cachedByJWTKit = try await JWTKeyCollection().add(jwks: jwks)

            // At the period's end the second key signs; both relying parties verify with what they cached.
            clock.advance(by: Self.lead + .milliseconds(1))
            let signedBySecond = try await Self.idToken(platform, fixture)
            #expect(try Self.kid(of: signedBySecond) == second)
            #expect(try await verifier.verify(signedBySecond, nonce: "n", accessToken: nil).subject != "")
            #expect(transport.downloads.count == 1)
            #expect(try await cachedByJWTKit.verify(signedBySecond, as: Subject.self).sub.value != "")
            #expect(try await Self.publishedKids(platform) == [first, second])

            // The first key stays published for a token lifetime, then goes.
            clock.advance(by: lifetime - .seconds(1))
            #expect(try await Self.publishedKids(platform) == [first, second])
            clock.advance(by: .seconds(61))
            #expect(try await Self.publishedKids(platform) == [second])

            // A whole cycle: the third key comes a period after the second started signing.
            clock.advance(by: Self.period - Self.lead - lifetime - .seconds(59))
            #expect(try await eventually(within: .seconds(120)) { try await Self.publishedKids(platform).count == 2 })
            #expect(try Self.kid(of: try await Self.idToken(platform, fixture)) == second)
        }
    }
}
