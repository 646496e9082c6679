import Foundation
import OAuthCore
import PlatformStore

/// Cryptographically random identifiers, secrets and tokens from the system generator.
package enum RandomString {
    private static let alphanumerics = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)

    /// Letters and digits only, uniformly drawn: such a value never starts with `-` and never needs escaping
    /// in a URL, a header or a command line. Each character carries log2(62) ≈ 5.95 bits.
    package static func alphanumeric(count: Int) -> String {
        drawn(from: alphanumerics, count: count)
    }

    /// `count` characters drawn uniformly from `alphabet` (ASCII, 1 to 256 characters).
    package static func drawn(from alphabet: [UInt8], count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        // Rejection sampling: below `bound`, a multiple of the alphabet's size, `byte % size` stays uniform.
        let bound = 256 - 256 % alphabet.count
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        while bytes.count < count {
            let byte = Int(UInt8.random(in: .min ... .max, using: &generator))
            if byte < bound { bytes.append(alphabet[byte % alphabet.count]) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `byteCount` random bytes in unpadded Base64url (RFC 4648 §5): 32 bytes give 43 characters, 256 bits.
    package static func base64URL(byteCount: Int) -> String {
        Data.random(count: byteCount).base64URLEncodedString()
    }
}
