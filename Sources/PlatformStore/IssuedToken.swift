import Crypto
import Foundation

/// A token the authorization server issued, as the store keeps it: by its SHA-256 digest only, so that a
/// copy of the database yields no usable token (ARCHITECTURE.md, "Store digests, not tokens").
package struct IssuedToken: Hashable, Sendable {
    package var digest: TokenDigest
    package var applicationID: String
    package var kind: Kind
    /// The grant a 3-legged token descends from; revoking the grant revokes the family. Nil for client credentials.
    package var grantID: String?
    package var scope: String?
    /// The application's ``ClientApplication/credentialGeneration`` when the token was obtained: the token is
    /// refused once the application's is higher, whichever instance issued it and whatever its clock.
    package var credentialGeneration: Int
    /// The grant's ``ConsentGrant/generation`` when the token was obtained (3-legged tokens only).
    package var grantGeneration: Int
    package var issuedAt: Date
    package var expiresAt: Date
    package var revokedAt: Date?
    /// When the user typed the password of the sign-in the token descends from (OpenID Connect's `auth_time`): set
    /// for tokens issued from an authorization code, kept by refreshed ones (a refresh is no fresh sign-in), nil for
    /// client credentials. The portal's JSON API shows a secret again only for a recent one (issue 12, item 4;
    /// RFC 9470's `max_age`).
    package var authTime: Date?
    /// The JWK SHA-256 thumbprint (RFC 7638) of the key the token is bound to (RFC 9449 §6, `cnf.jkt`): whoever
    /// presents it must prove possession of that key with a DPoP proof. Nil for a bearer token.
    package var dpopKeyThumbprint: String?

    package init(
        digest: TokenDigest, applicationID: String, kind: Kind, grantID: String? = nil, scope: String? = nil,
        credentialGeneration: Int = 0, grantGeneration: Int = 0, issuedAt: Date, expiresAt: Date, revokedAt: Date? = nil,
        authTime: Date? = nil, dpopKeyThumbprint: String? = nil
    ) {
        self.digest = digest
        self.applicationID = applicationID
        self.kind = kind
        self.grantID = grantID
        self.scope = scope
        self.credentialGeneration = credentialGeneration
        self.grantGeneration = grantGeneration
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.authTime = authTime
        self.dpopKeyThumbprint = dpopKeyThumbprint
    }

    package enum Kind: String, Hashable, Sendable {
        case access
        case refresh
    }
}

/// SHA-256 of a token's text.
package struct TokenDigest: Hashable, Sendable {
    package var bytes: Data

    package init(bytes: Data) {
        self.bytes = bytes
    }

    package init(of token: some StringProtocol) {
        let digest = token.utf8.withContiguousStorageIfAvailable { SHA256.hash(data: UnsafeRawBufferPointer($0)) }
            ?? SHA256.hash(data: Array(token.utf8))
        bytes = digest.withUnsafeBytes { Data($0) }
    }
}
