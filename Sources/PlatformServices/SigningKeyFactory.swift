import Crypto
import CryptoExtras
import Foundation
import OAuthCore
import PlatformStore

/// Makes RS256 signing keys (RFC 7518 §3.3: RSA of 2048 bits at least) and names them by their RFC 7638
/// thumbprint.
package enum SigningKeyFactory {
    /// Generating the key takes up to a second of CPU, so it runs off Swift's cooperative threads.
    /// `signsFrom`: when it starts signing, `now` unless it is published ahead of use.
    package static func makeRS256(vault: CredentialVault, now: Date, signsFrom: Date? = nil) async throws -> SigningKey {
        let privateKey = try await BlockingWork.run { try _RSA.Signing.PrivateKey(keySize: .bits2048) }
        let primitives = try privateKey.publicKey.getKeyPrimitives()
        let kid = thumbprint(modulus: primitives.modulus, exponent: primitives.publicExponent)
        return SigningKey(
            kid: kid, algorithm: "RS256", sealedPrivateKey: try vault.seal(Data(privateKey.pemRepresentation.utf8), boundTo: kid),
            createdAt: now, signsFrom: signsFrom)
    }

    /// RFC 7638 §3: SHA-256 of `{"e":…,"kty":"RSA","n":…}` with members in that order and no spaces, in Base64url.
    package static func thumbprint(modulus: Data, exponent: Data) -> String {
        let canonical = #"{"e":""# + exponent.base64URLEncodedString() + #"","kty":"RSA","n":""#
            + modulus.base64URLEncodedString() + #""}"#
        return Data(SHA256.hash(data: Data(canonical.utf8))).base64URLEncodedString()
    }
}
