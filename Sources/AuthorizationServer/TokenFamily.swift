import Foundation
import OAuthCore
import PlatformServices
import PlatformStore

/// What the tokens of one answer of the OpenID Connect token endpoint share: their application (and the
/// generation of its credentials, which the client just proved), their grant and its generation, their scope, issue
/// time and the time of the sign-in they descend from (ARCHITECTURE.md, "Revocation by generation, not by clock").
struct TokenFamily {
    /// A new token: its value for the client, its record (the digest) for the store.
    struct Member {
        var value: String
        var record: IssuedToken
    }

    var application: ClientApplication
    var grantID: String
    var grantGeneration: Int
    var scope: Scopes
    var issuedAt: Date
    /// When the user typed the password: the code's, kept through refreshes.
    var authTime: Date?

    /// A new random token of the family (256 bits), valid `lifetime` seconds.
    func newToken(_ kind: IssuedToken.Kind, lifetime: Int) -> Member {
        let value = RandomString.base64URL(byteCount: 32)
        return Member(
            value: value,
            record: IssuedToken(
                digest: TokenDigest(of: value), applicationID: application.id, kind: kind, grantID: grantID,
                scope: scope.description, credentialGeneration: application.credentialGeneration,
                grantGeneration: grantGeneration, issuedAt: issuedAt, expiresAt: issuedAt.addingTimeInterval(TimeInterval(lifetime)),
                authTime: authTime))
    }
}
