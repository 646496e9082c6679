import Foundation
import JWTKit
import OAuthCore

/// The claims of an ID token (OpenID Connect Core §2, §3.1.3.6), signed RS256 by the ``KeyRing``.
struct IDTokenClaims: JWTPayload {
    var iss: IssuerClaim
    var sub: SubjectClaim
    var aud: AudienceClaim
    var exp: ExpirationClaim
    var iat: IssuedAtClaim
    /// Seconds since 1970 of the user's sign-in.
    var authTime: Int
    var nonce: String?
    var acr: String?
    /// Left half of the access token's SHA-256, Base64url (Core §3.1.3.6).
    var atHash: String
    /// The client the token was issued to (Core §2).
    var azp: String
    /// The browser session the user signed in with, which a logout token names too (Back-Channel Logout 1.0 §2.4).
    var sid: String?

    enum CodingKeys: String, CodingKey {
        case iss, sub, aud, exp, iat, nonce, acr, azp, sid
        case authTime = "auth_time"
        case atHash = "at_hash"
    }

    /// The authentication context classes a password sign-in meets: level 1 of ISO/IEC 29115 §6, which seed
    /// 003 recommends for `acr_values`.
    static let supportedACRValues = ["1"]

    /// The first requested `acr` value the sign-in meets, if any: the ID token then states it.
    static func acr(meeting requested: [String]) -> String? {
        requested.first { supportedACRValues.contains($0) }
    }

    /// The provider signs these claims; it never verifies them.
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
