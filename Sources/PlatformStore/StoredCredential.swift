import Foundation

/// How a client secret rests in the store: never in clear.
///
/// - `secretDigest` is HMAC-SHA256 of the secret under the server's key: what verification compares.
/// - `sealedSecret` is the secret under AES-GCM, only so that the portal can show it again (seed 002: "They
///   are available in your client space MyApps > tab Credentials").
/// - `previousSecretDigest` is kept after a renewal so that the old secret gets the precise "out-of-date"
///   answer of seed 002's table instead of the generic one; it authenticates only until
///   `previousSecretValidUntil`, the end of the renewal's grace period (issue 12: `serve --secret-renewal-grace`).
package struct StoredCredential: Hashable, Sendable {
    package var secretDigest: Data
    package var sealedSecret: Data
    package var previousSecretDigest: Data?
    /// Until when the previous secret still gets tokens; nil (or past) when it no longer does.
    package var previousSecretValidUntil: Date?

    package init(
        secretDigest: Data, sealedSecret: Data, previousSecretDigest: Data? = nil, previousSecretValidUntil: Date? = nil
    ) {
        self.secretDigest = secretDigest
        self.sealedSecret = sealedSecret
        self.previousSecretDigest = previousSecretDigest
        self.previousSecretValidUntil = previousSecretValidUntil
    }
}
