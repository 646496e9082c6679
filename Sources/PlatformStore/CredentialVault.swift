import Crypto
import Foundation

/// Generates, verifies and seals client credentials (issue 2, "Credentials").
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

    /// A new secret for `clientID`; the current one is kept only as the "previous" digest.
    package func renewSecret(
        for clientID: String, replacing current: StoredCredential
    ) throws -> (secret: String, stored: StoredCredential) {
        try newSecret(for: clientID, replacing: current)
    }

    private func newSecret(
        for clientID: String, replacing current: StoredCredential?
    ) throws -> (secret: String, stored: StoredCredential) {
        let secret = RandomString.alphanumeric(count: Self.clientSecretLength)
        let sealed = try AES.GCM.seal(Data(secret.utf8), using: sealingKey, authenticating: Data(clientID.utf8))
        guard let combined = sealed.combined else { throw CredentialVaultError.sealingFailed }
        let stored = StoredCredential(
            secretDigest: digest(of: secret), sealedSecret: combined, previousSecretDigest: current?.secretDigest)
        return (secret, stored)
    }

    /// What a presented secret is worth, compared in constant time against the stored digests.
    package func verify(_ secret: String, against credential: StoredCredential) -> SecretVerification {
        let presented = Data(secret.utf8)
        if HMAC<SHA256>.isValidAuthenticationCode(credential.secretDigest, authenticating: presented, using: verificationKey) {
            return .valid
        }
        if let previous = credential.previousSecretDigest,
            HMAC<SHA256>.isValidAuthenticationCode(previous, authenticating: presented, using: verificationKey)
        {
            return .outdated
        }
        return .invalid
    }

    /// The clear secret, for the owner's eyes only (portal, `app create`, demo).
    package func revealSecret(of credential: StoredCredential, clientID: String) throws -> String {
        let box = try AES.GCM.SealedBox(combined: credential.sealedSecret)
        let clear = try AES.GCM.open(box, using: sealingKey, authenticating: Data(clientID.utf8))
        return String(decoding: clear, as: UTF8.self)
    }

    private func digest(of secret: String) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: Data(secret.utf8), using: verificationKey))
    }
}

/// The outcome of checking a client secret.
package enum SecretVerification: Sendable {
    case valid
    /// The secret that a renewal replaced: refused, with seed 002's "out-of-date" description.
    case outdated
    case invalid
}

package enum CredentialVaultError: Error {
    case sealingFailed
}
