import Crypto
import Foundation
import OAuthClient
import OAuthCore

/// ``IDTokenVerifier/verify(_:nonce:accessToken:maxAge:)`` on the compact JWS an authorization code flow receives
/// (OpenID Connect Core §3.1.3.7), against a fixed provider: one P-256 key in its JWKS, ES256 and RS256
/// advertised, a fixed clock, nonce, access token and `max_age`.
///
/// Checks that verification never traps, and never accepts a token that the fixed key did not sign (checked again
/// here with swift-crypto, on the token's own bytes) or whose claims are not the expected ones.
package enum IDTokenFuzzTarget {
    static let now = Date(timeIntervalSince1970: 1_767_225_600)
    static let issuer = "https://issuer.example.com"
    static let clientID = "fuzz-client"
    static let nonce = "n-0S6_WzA2Mj"
    static let accessToken = "fuzz-access-token"
    static let keyID = "fuzz-key"

    /// The provider's key. Only tests sign with it (``sign(header:claims:)``); the fuzzer cannot, so anything it
    /// makes that verifies is a forgery.
    static let key = try! P256.Signing.PrivateKey(rawRepresentation: Data((1...32).map { UInt8($0) }))

    static let metadata: ProviderMetadata = {
        var metadata = ProviderMetadata(
            issuer: issuer, authorizationEndpoint: issuer + "/authorize", tokenEndpoint: issuer + "/token", jwksURI: issuer + "/jwks")
        metadata.idTokenSigningAlgValuesSupported = ["ES256", "RS256"]
        return metadata
    }()

    /// `{"keys": [the P-256 public key]}` (RFC 7518 §6.2.1).
    static let jwks: Data = {
        let point = key.publicKey.rawRepresentation
        let jwk: [String: String] = [
            "kty": "EC", "crv": "P-256", "use": "sig", "alg": "ES256", "kid": keyID,
            "x": point.prefix(32).base64URLEncodedString(), "y": point.suffix(32).base64URLEncodedString(),
        ]
        return try! JSONEncoder().encode(["keys": [jwk]])
    }()

    static func run(_ bytes: [UInt8]) async {
        let raw = FuzzInput.text(bytes)
        guard let token = await verify(raw) else { return }
        check(isSigned(raw), "an ID token accepted without the fixed key's signature: \(raw)")
        check(
            token.issuer == issuer && token.audience.contains(clientID) && token.nonce == nonce && token.expiresAt > now.addingTimeInterval(-60),
            "an ID token accepted with foreign claims: \(raw)")
    }

    /// What a fresh verifier for the fixed provider makes of `raw`: the token, or nil when refused.
    package static func verify(_ raw: String) async -> IDToken? {
        let verifier = IDTokenVerifier(
            metadata: metadata, clientID: clientID, transport: FixedTransport(response: HTTPResponseMessage(status: 200, body: jwks)),
            now: { now })
        return try? await verifier.verify(raw, nonce: nonce, accessToken: accessToken, maxAge: 3600)
    }

    /// Whether the fixed key signed the token's first two parts (RFC 7515 §5.2, RFC 7518 §3.4).
    static func isSigned(_ raw: String) -> Bool {
        let parts = raw.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let signature = Data(base64URLEncoded: parts[2]),
            let ecdsa = try? P256.Signing.ECDSASignature(rawRepresentation: signature)
        else { return false }
        return key.publicKey.isValidSignature(ecdsa, for: Data((parts[0] + "." + parts[1]).utf8))
    }

    /// A compact JWS of `header` and `claims` signed with the fixed key, as the provider would sign it (the `valid-*`
    /// and `signed-*` seeds of `Fuzz/corpus/id-token` are signed with the same key).
    package static func sign(header: String, claims: String) throws -> String {
        let input = Data(header.utf8).base64URLEncodedString() + "." + Data(claims.utf8).base64URLEncodedString()
        return input + "." + (try key.signature(for: Data(input.utf8))).rawRepresentation.base64URLEncodedString()
    }

    /// The claims the fixed provider would issue, as JSON.
    package static var expectedClaims: String {
        let at = Int(now.timeIntervalSince1970)
        return """
            {"iss":"\(issuer)","sub":"user-1","aud":"\(clientID)","azp":"\(clientID)","exp":\(at + 3600),"iat":\(at - 10),\
            "auth_time":\(at - 100),"nonce":"\(nonce)","at_hash":"\(AccessTokenHash.of(accessToken))","acr":"0"}
            """
    }

    /// The header the fixed provider would write.
    package static var expectedHeader: String { #"{"alg":"ES256","typ":"JWT","kid":"\#(keyID)"}"# }
}
