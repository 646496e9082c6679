import Hummingbird
import PlatformServices
import PlatformStore

/// The request context the sign-in page needs: who sent the request, as the platform believes it (the peer, or
/// behind a trusted proxy the client it names).
package protocol ClientAddressRequestContext: RequestContext {
    var clientAddress: String? { get }
}

/// Stops password guessing on the login page without ever stopping honest users (issue 10, item 4): only failed
/// sign-ins count, per username (a few a minute) and per client address (far more: many people share one
/// office or one proxy); a successful sign-in clears its username's failures.
struct SignInThrottle: Sendable {
    private let byUsername: FailureThrottle
    private let byAddress: FailureThrottle

    init(configuration: OpenIDConfiguration, clock: WallClock) {
        byUsername = FailureThrottle(limit: configuration.signInFailuresPerUser, clock: clock)
        byAddress = FailureThrottle(limit: configuration.signInFailuresPerAddress, clock: clock)
    }

    /// Nil when the attempt may go on; otherwise the decision that refuses it, with its `Retry-After`.
    func refusal(username: String, address: String) -> RateLimitDecision? {
        [byUsername.check(Self.key(username)), byAddress.check(address)].first { !$0.allowed }
    }

    func recordFailure(username: String, address: String) {
        byUsername.recordFailure(Self.key(username))
        byAddress.recordFailure(address)
    }

    func recordSuccess(username: String) {
        byUsername.clear(Self.key(username))
    }

    /// Usernames are unique whatever their case.
    private static func key(_ username: String) -> String {
        username.lowercased()
    }
}
