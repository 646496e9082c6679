import Crypto
import Foundation

/// Proof Key for Code Exchange (RFC 7636) with the S256 method, the only one RFC 9700 §2.1.1 recommends.
public enum PKCE {
    /// RFC 7636 §4.1: 43 to 128 characters of `[A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~"`.
    public static func isValidVerifier(_ verifier: some StringProtocol) -> Bool {
        (43...128).contains(verifier.utf8.count) && verifier.utf8.allSatisfy(isUnreserved)
    }

    /// An S256 challenge has the form of a verifier's SHA-256 in unpadded Base64url: 43 characters.
    public static func isValidChallenge(_ challenge: some StringProtocol) -> Bool {
        challenge.utf8.count == 43 && challenge.utf8.allSatisfy(isUnreserved)
    }

    /// `BASE64URL-ENCODE(SHA256(ASCII(code_verifier)))` (RFC 7636 §4.2).
    public static func s256Challenge(for verifier: some StringProtocol) -> String {
        Data(SHA256.hash(data: Data(verifier.utf8))).base64URLEncodedString()
    }

    /// A fresh verifier of 32 random bytes (43 characters), as RFC 7636 §4.1 recommends.
    public static func makeVerifier() -> String {
        Data.random(count: 32).base64URLEncodedString()
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }
}
