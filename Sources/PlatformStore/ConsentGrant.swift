import Foundation
import OAuthCore

/// An end user's consent to an application: the scopes granted so far (seed 003: the consent is remembered;
/// the user may revoke it). Every code and token of the 3-legged flow descends from one grant, so revoking it
/// revokes the whole family (ARCHITECTURE.md, "Store digests, not tokens").
package struct ConsentGrant: Hashable, Sendable {
    package var id: String
    package var userSubject: String
    package var applicationID: String
    package var scope: Scopes
    /// The generation of the grant's tokens: incremented when they are revoked (RFC 7009 sign-out), when one of
    /// its codes is replayed (RFC 6749 §4.1.2) and when its user is locked; a token of an older generation is
    /// refused (ARCHITECTURE.md, "Revocation by generation, not by clock").
    package var generation: Int
    package var createdAt: Date
    package var updatedAt: Date

    package init(
        id: String, userSubject: String, applicationID: String, scope: Scopes, generation: Int = 0,
        createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.userSubject = userSubject
        self.applicationID = applicationID
        self.scope = scope
        self.generation = generation
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// An authorization code as the store keeps it: by digest, bound to its grant, the redirect_uri and the PKCE
/// challenge it was issued for (RFC 6749 §4.1.3, RFC 7636 §4.4), valid about 10 minutes (seed 003).
package struct AuthorizationCode: Hashable, Sendable {
    package var digest: TokenDigest
    package var grantID: String
    package var redirectURI: String
    package var scope: Scopes
    /// S256 challenge (RFC 7636); nil when the client sent none.
    package var codeChallenge: String?
    /// Passed unchanged to the ID token (OpenID Connect Core §3.1.2.1).
    package var nonce: String?
    /// The `acr` the ID token states: the first of the requested `acr_values` the sign-in met, if any.
    package var acr: String?
    /// When the user last signed in, for the ID token's `auth_time`.
    package var authTime: Date
    /// The browser session the code was issued in, for the ID token's `sid` (OpenID Connect Back-Channel Logout 1.0
    /// §2.1); nil for codes issued before the platform had one.
    package var sessionID: String?
    package var issuedAt: Date
    package var expiresAt: Date

    package init(
        digest: TokenDigest, grantID: String, redirectURI: String, scope: Scopes, codeChallenge: String?, nonce: String?,
        acr: String? = nil, authTime: Date, sessionID: String? = nil, issuedAt: Date, expiresAt: Date
    ) {
        self.digest = digest
        self.grantID = grantID
        self.redirectURI = redirectURI
        self.scope = scope
        self.codeChallenge = codeChallenge
        self.nonce = nonce
        self.acr = acr
        self.authTime = authTime
        self.sessionID = sessionID
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
    }
}

/// The outcome of redeeming a code; exactly one of any number of concurrent redemptions gets `.redeemed`.
package enum CodeRedemption: Hashable, Sendable {
    /// With the grant's ``ConsentGrant/generation`` read in the same transaction, for the tokens the code
    /// gives: a replay committed after the redemption revokes them, whenever they are saved.
    case redeemed(AuthorizationCode, grantGeneration: Int)
    /// Redeemed before: every token of its grant has now been revoked (RFC 6749 §4.1.2).
    case replayed(grantID: String)
    case expired
    case unknown
}
