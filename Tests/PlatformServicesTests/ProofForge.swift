import Crypto
import Foundation
import OAuthCore

/// Writes DPoP proofs by hand, right or wrong in one chosen way, to test the verifier against an implementation that
/// is not the SDK's (which signs with jwt-kit).
struct ProofForge {
    var key = P256.Signing.PrivateKey()
    var header: [String: Any]
    var claims: [String: Any]
    /// Signs with another key than the one the header names.
    var signingKey: P256.Signing.PrivateKey?

    init(method: String = "GET", url: String = "https://api.example.com/poi/v1/shops", accessToken: String? = nil, issuedAt: Date = Date()) {
        let jwk = JSONWebKey(key.publicKey)
        header = ["typ": "dpop+jwt", "alg": "ES256", "jwk": ["kty": "EC", "crv": "P-256", "x": jwk.x!, "y": jwk.y!]]
        claims = ["jti": UUID().uuidString, "htm": method, "htu": url, "iat": Int(issuedAt.timeIntervalSince1970)]
        if let accessToken { claims["ath"] = AccessTokenHash.dpop(of: accessToken) }
    }

    var thumbprint: String { JSONWebKey(key.publicKey).thumbprint! }

    var proof: String {
        get throws {
            let input = [header, claims].map { try! JSONSerialization.data(withJSONObject: $0).base64URLEncodedString() }.joined(separator: ".")
            let signature = try (signingKey ?? key).signature(for: Data(input.utf8))
            return input + "." + signature.rawRepresentation.base64URLEncodedString()
        }
    }
}
