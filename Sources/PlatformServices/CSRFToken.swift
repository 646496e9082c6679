import Crypto
import Foundation
import OAuthCore

/// The token every form of a browser carries (issue 5: "a CSRF token on every form"): a digest of the browser's
/// random id under a label, so that the id itself never appears in a page and one feature's token is not another's.
package enum CSRFToken {
    package static func derive(browserID: String, label: String) -> String {
        Data(SHA256.hash(data: Data((label + ":" + browserID).utf8))).base64URLEncodedString()
    }

    /// Compares in constant time (swift-crypto's digest equality).
    package static func matches(_ presented: String?, _ expected: String) -> Bool {
        guard let presented else { return false }
        return SHA256.hash(data: Data(presented.utf8)) == SHA256.hash(data: Data(expected.utf8))
    }
}
