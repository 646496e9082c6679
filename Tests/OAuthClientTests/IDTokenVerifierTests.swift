import Foundation
import Hummingbird
import JWTKit
import OAuthClient
import OAuthCore
import Synchronization
import Testing

/// Issue 10, item 9: the provider's JWKS during a key rotation (OpenID Connect Core §10.1.1).
@Suite struct IDTokenVerifierTests {
    /// A provider's signing keys and its `jwks_uri`, which can be told to fail its next download.
    final class FakeKeys: Sendable {
        private let published = Mutex<[(kid: String, key: ES256PrivateKey)]>([])
        private let failures = Mutex(0)
        let downloads = Counter()

        /// Publishes `key` beside the others.
        func publish(_ key: ES256PrivateKey, kid: String) {
            published.withLock { $0.append((kid, key)) }
        }

        /// The next `count` downloads answer 503.
        func failNextDownloads(_ count: Int) {
            failures.withLock { $0 = count }
        }

        /// The `jwks_uri` route's answer.
        func answer() -> Response {
            downloads.next()
            let failing = failures.withLock { failures in
                defer { failures = max(0, failures - 1) }
                return failures > 0
            }
            if failing { return json(.serviceUnavailable, #"{"error":"temporarily_unavailable"}"#) }
            let keys = published.withLock { $0 }.map { kid, key in
                let (x, y) = key.parameters!
                return #"{"kty":"EC","crv":"P-256","alg":"ES256","use":"sig","kid":"\#(kid)","x":"\#(x)","y":"\#(y)"}"#
            }
            return json(.ok, #"{"keys":[\#(keys.joined(separator: ","))]}"#)
        }
    }

    static func sign(_ key: ES256PrivateKey, kid: String, issuer: String, now: Date) async throws -> String {
        let claims = AuthorizationCodeFlowTests.ForgedClaims(
            iss: .init(value: issuer), sub: "alice", aud: .init(value: ["app"]), exp: .init(value: now + 3600),
            iat: .init(value: now), nonce: "n")
        return try await JWTKeyCollection().add(ecdsa: key, kid: JWKIdentifier(string: kid)).sign(claims, kid: JWKIdentifier(string: kid))
    }

    @Test func aJWKSDownloadThatFailsDuringARotationIsRetriedAfterABackoff() async throws {
        let keys = FakeKeys()
        let (old, new) = (ES256PrivateKey(), ES256PrivateKey())
        keys.publish(old, kid: "old")
        try await withFakeServer({ router in
            router.get("/jwks") { _, _ in keys.answer() }
        }) { (baseURL) async throws in
            let clock = ManualClock()
            var metadata = ProviderMetadata(
                issuer: baseURL, authorizationEndpoint: baseURL + "/authorize", tokenEndpoint: baseURL + "/token",
                jwksURI: baseURL + "/jwks")
            metadata.idTokenSigningAlgValuesSupported = ["ES256"]
            let verifier = IDTokenVerifier(metadata: metadata, clientID: "app", now: clock.now)
            func verify(_ key: ES256PrivateKey, kid: String) async throws -> IDToken {
                try await verifier.verify(
                    try await Self.sign(key, kid: kid, issuer: baseURL, now: clock.now()), nonce: "n", accessToken: nil)
            }
            #expect(try await verify(old, kid: "old").subject == "alice")
            #expect(keys.downloads.count == 1)

            // The provider rotates its key, and the download the new kid causes fails.
            keys.publish(new, kid: "new")
            keys.failNextDownloads(1)
            await #expect(throws: OAuthClientError.invalidResponse) { try await verify(new, kid: "new") }
            #expect(keys.downloads.count == 2)
            // Within the backoff, the same failure again without asking the provider.
            await #expect(throws: OAuthClientError.invalidResponse) { try await verify(new, kid: "new") }
            #expect(keys.downloads.count == 2)
            // After it, the keys are downloaded again and the new key verifies.
            clock.advance(by: .seconds(60))
            #expect(try await verify(new, kid: "new").subject == "alice")
            #expect(keys.downloads.count == 3)
            #expect(try await verify(old, kid: "old").subject == "alice", "the old key is still published")
            #expect(keys.downloads.count == 3)
        }
    }
}
