import Hummingbird
import PlatformServices
import PlatformStore

/// Stops password guessing on the login page without ever stopping honest users (issue 10, item 4): only failed
/// sign-ins count, per username (a few a minute) and per client address (far more: many people share one
/// office or one proxy); a successful sign-in clears its username's failures. Instances that share a database
/// count there (issue 11, item 4). Wrong user codes on the device verification page count per client address too
/// (RFC 8628 §5.1: a user code is short enough to guess).
package struct SignInThrottle: Sendable {
    private let byUsername: any FailureThrottle
    private let byAddress: any FailureThrottle
    private let userCodesByAddress: any FailureThrottle

    /// Counts in this process, for one instance.
    package init(configuration: OpenIDConfiguration, clock: WallClock) {
        byUsername = InMemoryFailureThrottle(limit: configuration.signInFailuresPerUser, clock: clock)
        byAddress = InMemoryFailureThrottle(limit: configuration.signInFailuresPerAddress, clock: clock)
        userCodesByAddress = InMemoryFailureThrottle(limit: configuration.userCodeFailuresPerAddress, clock: clock)
    }

    /// Counts in the store every instance shares.
    package init(configuration: OpenIDConfiguration, sharedCounters: any LimitCounterStore) {
        byUsername = SharedFailureThrottle(name: "sign-in-user", limit: configuration.signInFailuresPerUser, store: sharedCounters)
        byAddress = SharedFailureThrottle(name: "sign-in-address", limit: configuration.signInFailuresPerAddress, store: sharedCounters)
        userCodesByAddress = SharedFailureThrottle(
            name: "user-code-address", limit: configuration.userCodeFailuresPerAddress, store: sharedCounters)
    }

    /// Nil when the attempt may go on; otherwise the decision that refuses it, with its `Retry-After`. Throws when
    /// the counters cannot be reached: the caller then lets nobody try.
    func refusal(username: String, address: String) async throws -> RateLimitDecision? {
        let byUsername = try await byUsername.check(Self.key(username))
        guard byUsername.allowed else { return byUsername }
        let byAddress = try await byAddress.check(address)
        return byAddress.allowed ? nil : byAddress
    }

    func recordFailure(username: String, address: String) async throws {
        try await byUsername.recordFailure(Self.key(username))
        try await byAddress.recordFailure(address)
    }

    func recordSuccess(username: String) async throws {
        try await byUsername.clear(Self.key(username))
    }

    /// Nil when the address may type a user code now; otherwise the decision that refuses it, with its `Retry-After`.
    func userCodeRefusal(address: String) async throws -> RateLimitDecision? {
        let decision = try await userCodesByAddress.check(address)
        return decision.allowed ? nil : decision
    }

    func recordWrongUserCode(address: String) async throws {
        try await userCodesByAddress.recordFailure(address)
    }

    /// Usernames are unique whatever their case.
    private static func key(_ username: String) -> String {
        username.lowercased()
    }
}
