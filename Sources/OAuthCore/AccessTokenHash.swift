import Crypto
import Foundation

/// Hashes of an access token that other messages carry, each written by one side and checked by the other with
/// the same function.
public enum AccessTokenHash {
    /// The ID token's `at_hash` (OpenID Connect Core §3.1.3.6): the left half of the access token's SHA-256, in
    /// unpadded Base64url.
    public static func of(_ accessToken: String) -> String {
        Data(SHA256.hash(data: Data(accessToken.utf8)).prefix(16)).base64URLEncodedString()
    }

    /// A DPoP proof's `ath` (RFC 9449 §4.2): the whole SHA-256 of the access token, in unpadded Base64url.
    public static func dpop(of accessToken: some StringProtocol) -> String {
        Data(SHA256.hash(data: Data(accessToken.utf8))).base64URLEncodedString()
    }
}
