import Foundation
import OAuthCore
import PlatformServices
import PlatformStore

/// What the tokens of one answer of the OpenID Connect token endpoint share: their client (and the generation of
/// the credentials it just proved, with the end of a renewal's grace period when it proved the previous secret),
/// their grant and its generation, their scope, issue time and the time of the sign-in they descend from
/// (ARCHITECTURE.md, "Revocation by generation, not by clock").
struct TokenFamily {
    /// A new token: its value for the client, its record (the digest) for the store, and its lifetime in seconds.
    struct Member {
        var value: String
        var record: IssuedToken
        var expiresIn: Int
    }

    var client: AuthenticatedClient
    var grantID: String
    var grantGeneration: Int
    var scope: Scopes
    var issuedAt: Date
    /// When the user typed the password: the code's, kept through refreshes.
    var authTime: Date?
    /// The DPoP key the access token is bound to (RFC 9449 §5); refresh tokens of these confidential clients never are.
    var boundKey: String?

    /// A new random token of the family (256 bits), valid `lifetime` seconds, or until the end of the grace
    /// period of the previous secret that obtained it if that comes first (issue 12).
    func newToken(_ kind: IssuedToken.Kind, lifetime: Int) -> Member {
        let value = RandomString.base64URL(byteCount: 32)
        let lifetime = client.lifetime(lifetime, from: issuedAt)
        return Member(
            value: value,
            record: IssuedToken(
                digest: TokenDigest(of: value), applicationID: client.application.id, kind: kind, grantID: grantID,
                scope: scope.description, credentialGeneration: client.credentialGeneration,
                grantGeneration: grantGeneration, issuedAt: issuedAt, expiresAt: issuedAt.addingTimeInterval(TimeInterval(lifetime)),
                authTime: authTime, dpopKeyThumbprint: kind == .access ? boundKey : nil),
            expiresIn: lifetime)
    }

    /// The answer that carries `accessToken`: `token_type` `DPoP` when it is bound (RFC 9449 §5), and the scope.
    func response(_ accessToken: Member) -> TokenResponse {
        TokenResponse(
            tokenType: TokenResponse.tokenType(isBoundToKey: boundKey != nil), accessToken: accessToken.value, expiresIn: accessToken.expiresIn,
            scope: scope.description)
    }
}
