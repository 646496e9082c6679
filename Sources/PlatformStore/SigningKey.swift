import Foundation

/// A key that signs ID tokens (OpenID Connect Core §10.1). Its private half rests sealed under the master key;
/// its public half is published at the JWKS endpoint under `kid`, its RFC 7638 thumbprint, from `createdAt`.
package struct SigningKey: Hashable, Sendable {
    package var kid: String
    /// JWS algorithm (RFC 7518 §3.1): `RS256`.
    package var algorithm: String
    /// The private key's PEM, sealed by ``CredentialVault/seal(_:boundTo:)`` and bound to the kid.
    package var sealedPrivateKey: Data
    /// When it was made, and published.
    package var createdAt: Date
    /// When it starts signing: `createdAt` for a key an operator adds (`orangerie keys rotate`), later for one that
    /// automatic rotation publishes ahead of use, so that clients' cached key sets know it before they see it.
    package var signsFrom: Date

    package init(kid: String, algorithm: String, sealedPrivateKey: Data, createdAt: Date, signsFrom: Date? = nil) {
        self.kid = kid
        self.algorithm = algorithm
        self.sealedPrivateKey = sealedPrivateKey
        self.createdAt = createdAt
        self.signsFrom = signsFrom ?? createdAt
    }
}

extension [SigningKey] {
    /// The keys in the order they sign: by ``SigningKey/signsFrom``, then kid.
    package var inSigningOrder: [SigningKey] {
        sorted { ($0.signsFrom, $0.kid) < ($1.signsFrom, $1.kid) }
    }

    /// The key that signs at `now`: the last to have started. A key made to sign at once (``SigningKey/signsFrom`` is
    /// its `createdAt`) has started whatever this machine's clock says, so that an instance whose clock is behind the
    /// one that made it still signs with it; a key published ahead of use waits for its time. Nil only without keys.
    package func signing(at now: Date) -> SigningKey? {
        let keys = inSigningOrder
        return keys.last { $0.signsFrom <= now || $0.signsFrom == $0.createdAt } ?? keys.first
    }

    /// The keys to publish, in signing order: those not signing yet, the one signing, and each older one until its
    /// successor has been signing for `overlap`, so that every token it signed has expired before it disappears
    /// (issue 5, "`orangerie keys rotate`"; issue 16, item 3).
    package func published(at now: Date, overlap: TimeInterval) -> [SigningKey] {
        let sorted = inSigningOrder
        return sorted.enumerated().filter { index, _ in
            index == sorted.count - 1 || now.timeIntervalSince(sorted[index + 1].signsFrom) < overlap
        }.map(\.element)
    }
}
