import HummingbirdBcrypt
import PlatformStore
import Tracing

/// bcrypt for the passwords people choose (end users, developers), off Swift's cooperative threads
/// (``BlockingWork``): a hash at cost 12 takes about 0.2 s of CPU, which would otherwise stall other requests. Each
/// hash and check is a child span of the request it serves (issue 14, item 2): the slowest step of a sign-in.
package enum PasswordCheck {
    /// Checked against when the username is unknown, so that a wrong username takes as long as a wrong
    /// password and does not reveal which users exist. Made once, on first use, at the default cost.
    private static let decoy = Bcrypt.hash(RandomString.alphanumeric(count: 32), cost: 12)

    package static func verify(_ password: String, against hash: String?, tracer: any Tracer = NoOpTracer()) async -> Bool {
        let matches = await ChildSpan.run("bcrypt verify", tracer: tracer) { _ in
            await BlockingWork.run { Bcrypt.verify(password, hash: hash ?? decoy) }
        }
        return hash != nil && matches
    }

    /// The bcrypt hash of `password` at `cost`, to store.
    package static func hash(_ password: String, cost: UInt8, tracer: any Tracer = NoOpTracer()) async -> String {
        await ChildSpan.run("bcrypt hash", tracer: tracer, attributes: ["bcrypt.cost": .int64(Int64(cost))]) { _ in
            await BlockingWork.run { Bcrypt.hash(password, cost: cost) }
        }
    }
}
