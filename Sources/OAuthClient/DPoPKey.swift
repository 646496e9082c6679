import Crypto
import Foundation
import JWTKit
import OAuthCore

/// A P-256 key that proves possession of DPoP-bound tokens (RFC 9449): each token request and each API call carries a
/// fresh proof signed with it, and a token obtained with it is worth nothing without it.
///
/// The SDK makes one per token it asks for with DPoP and keeps it in the ``AccessToken`` (``AccessToken/dpopKey``),
/// so that it lives exactly where the token lives: in memory, in a ``FileTokenStore`` (mode 0600) or in the Keychain.
///
/// ```swift
/// let key = DPoPKey()
/// let proof = try await key.proof(method: "GET", url: URL(string: "https://api.example.com/poi/v1/shops")!, accessToken: token)
/// ```
public struct DPoPKey: Sendable {
    private let privateKey: P256.Signing.PrivateKey

    /// A new random key.
    public init() {
        privateKey = P256.Signing.PrivateKey()
    }

    /// The key of ``rawRepresentation``.
    public init(rawRepresentation: Data) throws {
        privateKey = try P256.Signing.PrivateKey(rawRepresentation: rawRepresentation)
    }

    /// The private key's 32 bytes: a secret, to keep only where the token is kept.
    public var rawRepresentation: Data { privateKey.rawRepresentation }

    /// The public key as a proof carries it (`jwk`).
    public var publicJWK: JSONWebKey { JSONWebKey(privateKey.publicKey) }

    /// The key's JWK SHA-256 thumbprint (RFC 7638): what a token bound to it names as `cnf.jkt`.
    public var thumbprint: String { publicJWK.thumbprint ?? "" }

    /// A proof for one request (RFC 9449 §4.2): `method` and `url` (its query and fragment left out), the access token
    /// the request presents (`ath`) and the server's `nonce` when it asked for one; a random `jti` and the time `now`.
    public func proof(method: String, url: URL, accessToken: String? = nil, nonce: String? = nil, now: Date = Date()) async throws -> String {
        var components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        components?.query = nil
        components?.fragment = nil
        let claims = DPoPProofClaims(
            jti: Data.random(count: 16).base64URLEncodedString(), htm: method, htu: components?.string ?? url.absoluteString,
            iat: Int(now.timeIntervalSince1970), ath: accessToken.map(AccessTokenHash.dpop(of:)), nonce: nonce)
        let jwk = publicJWK
        let header: JWTHeader = [
            "typ": "dpop+jwt", "alg": "ES256",
            "jwk": .object(["kty": .string(jwk.keyType), "crv": .string(jwk.curve ?? ""), "x": .string(jwk.x ?? ""), "y": .string(jwk.y ?? "")]),
        ]
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: try ES256PrivateKey(backing: privateKey))
        return try await keys.sign(claims, header: header)
    }
}

/// The claims of a DPoP proof (RFC 9449 §4.2).
private struct DPoPProofClaims: JWTPayload {
    var jti: String
    var htm: String
    var htu: String
    var iat: Int
    var ath: String?
    var nonce: String?

    func verify(using algorithm: some JWTAlgorithm) throws {}
}
