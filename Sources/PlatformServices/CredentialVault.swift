import Crypto
import Foundation
import PlatformStore

/// Generates, verifies and seals client credentials (issue 2, "Credentials"), and seals the other secrets the
/// platform keeps at rest (ID token signing keys).
///
/// Secrets are high-entropy and server-generated, so they are verified with HMAC-SHA256 under a server key
/// (microseconds), never bcrypt. They are also sealed with AES-GCM, bound to their client_id, only so that the
/// portal can show them again. Both keys derive from the master key with HKDF.
package struct CredentialVault: Sendable {
    /// Length of a client_id: 32 letters or digits, about 190 bits.
    package static let clientIDLength = 32
    /// Length of a client_secret: 44 letters or digits, about 262 bits (issue 2 asks for at least 256).
    package static let clientSecretLength = 44

    private let verificationKey: SymmetricKey
    private let sealingKey: SymmetricKey

    package init(masterKey: SymmetricKey) {
        verificationKey = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: masterKey, info: Data("orangerie/client-secret/verification".utf8), outputByteCount: 32)
        sealingKey = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: masterKey, info: Data("orangerie/client-secret/sealing".utf8), outputByteCount: 32)
    }

    /// A new client_id and secret, and how the secret will rest in the store.
    package func issueCredentials() throws -> (clientID: String, secret: String, stored: StoredCredential) {
        let clientID = RandomString.alphanumeric(count: Self.clientIDLength)
        let (secret, stored) = try newSecret(for: clientID, replacing: nil)
        return (clientID, secret, stored)
    }

    /// A new secret for `clientID`; the current one becomes the "previous" one, which still gets tokens until
    /// `previousValidUntil` (the end of the renewal's grace period, issue 12) and is "out-of-date" afterwards. The
    /// secret before it is forgotten.
    package func renewSecret(
        for clientID: String, replacing current: StoredCredential, previousValidUntil: Date? = nil
    ) throws -> (secret: String, stored: StoredCredential) {
        try newSecret(for: clientID, replacing: current, previousValidUntil: previousValidUntil)
    }

    private func newSecret(
        for clientID: String, replacing current: StoredCredential?, previousValidUntil: Date? = nil
    ) throws -> (secret: String, stored: StoredCredential) {
        let secret = RandomString.alphanumeric(count: Self.clientSecretLength)
        let stored = StoredCredential(
            secretDigest: digest(of: secret), sealedSecret: try seal(Data(secret.utf8), boundTo: clientID),
            previousSecretDigest: current?.secretDigest, previousSecretValidUntil: previousValidUntil)
        return (secret, stored)
    }

    /// What a presented secret is worth at `now`, compared in constant time against the stored digests.
    package func verify(_ secret: String, against credential: StoredCredential, at now: Date) -> SecretVerification {
        let presented = Data(secret.utf8)
        if HMAC<SHA256>.isValidAuthenticationCode(credential.secretDigest, authenticating: presented, using: verificationKey) {
            return .valid
        }
        if let previous = credential.previousSecretDigest,
            HMAC<SHA256>.isValidAuthenticationCode(previous, authenticating: presented, using: verificationKey)
        {
            return credential.previousSecretGrace(at: now).map(SecretVerification.previous(validUntil:)) ?? .outdated
        }
        return .invalid
    }

    /// The clear secret, for the owner's eyes only (portal, `app create`, demo).
    package func revealSecret(of credential: StoredCredential, clientID: String) throws -> String {
        String(decoding: try open(credential.sealedSecret, boundTo: clientID), as: UTF8.self)
    }

    /// Seals `data` with AES-GCM under the sealing key, authenticating `context` (a client_id, a kid), so that
    /// a sealed value moved to another record no longer opens.
    package func seal(_ data: Data, boundTo context: String) throws -> Data {
        guard let combined = try AES.GCM.seal(data, using: sealingKey, authenticating: Data(context.utf8)).combined else {
            throw CredentialVaultError.sealingFailed
        }
        return combined
    }

    package func open(_ sealed: Data, boundTo context: String) throws -> Data {
        try AES.GCM.open(AES.GCM.SealedBox(combined: sealed), using: sealingKey, authenticating: Data(context.utf8))
    }

    private func digest(of secret: String) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: Data(secret.utf8), using: verificationKey))
    }
}

/// The outcome of checking a client secret.
package enum SecretVerification: Hashable, Sendable {
    case valid
    /// The secret that a renewal replaced, during the renewal's grace period: it authenticates, and what it obtains
    /// stops at `validUntil` (issue 12, "Renew the secret").
    case previous(validUntil: Date)
    /// The secret that a renewal replaced, after the grace period (at once when it is 0): refused, with seed 002's
    /// "out-of-date" description.
    case outdated
    case invalid
}

package enum CredentialVaultError: Error {
    case sealingFailed
}
