import Crypto
import Foundation

/// The ID token's `at_hash` (OpenID Connect Core §3.1.3.6): the left half of the access token's SHA-256, in
/// unpadded Base64url. The provider writes it and the client checks it with this one function.
public enum AccessTokenHash {
    public static func of(_ accessToken: String) -> String {
        Data(SHA256.hash(data: Data(accessToken.utf8)).prefix(16)).base64URLEncodedString()
    }
}
