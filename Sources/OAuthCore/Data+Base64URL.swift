import Foundation

extension Data {
    /// Unpadded Base64url (RFC 4648 §5), as tokens, thumbprints and JWKs use it.
    package func base64URLEncodedString() -> String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
