import Foundation

/// A key that signs ID tokens (OpenID Connect Core §10.1). Its private half rests sealed under the master key;
/// its public half is published at the JWKS endpoint under `kid`, its RFC 7638 thumbprint.
package struct SigningKey: Hashable, Sendable {
    package var kid: String
    /// JWS algorithm (RFC 7518 §3.1): `RS256`.
    package var algorithm: String
    /// The private key's PEM, sealed by ``CredentialVault/seal(_:boundTo:)`` and bound to the kid.
    package var sealedPrivateKey: Data
    package var createdAt: Date

    package init(kid: String, algorithm: String, sealedPrivateKey: Data, createdAt: Date) {
        self.kid = kid
        self.algorithm = algorithm
        self.sealedPrivateKey = sealedPrivateKey
        self.createdAt = createdAt
    }
}

extension [SigningKey] {
    /// The keys to publish, oldest first: the newest, which signs, and each older one until its successor has
    /// been signing for `overlap`, so that every token it signed has expired before it disappears (issue 5,
    /// "`orangerie keys rotate`").
    package func published(at now: Date, overlap: TimeInterval) -> [SigningKey] {
        let sorted = self.sorted { $0.createdAt < $1.createdAt }
        return sorted.enumerated().filter { index, _ in
            index == sorted.count - 1 || now.timeIntervalSince(sorted[index + 1].createdAt) < overlap
        }.map(\.element)
    }
}
