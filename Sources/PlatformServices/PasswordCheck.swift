import HummingbirdBcrypt
import PlatformStore

/// Verifies an end user's password against its bcrypt hash, off Swift's cooperative threads (``BlockingWork``):
/// a hash at cost 12 takes about 0.2 s of CPU, which would otherwise stall other requests.
package enum PasswordCheck {
    /// Checked against when the username is unknown, so that a wrong username takes as long as a wrong
    /// password and does not reveal which users exist. Made once, on first use, at the default cost.
    private static let decoy = Bcrypt.hash(RandomString.alphanumeric(count: 32), cost: 12)

    package static func verify(_ password: String, against hash: String?) async -> Bool {
        let matches = await BlockingWork.run { Bcrypt.verify(password, hash: hash ?? decoy) }
        return hash != nil && matches
    }
}
