import PlatformServices
import PlatformStore

/// What the portal's mail-sending forms are held to (issue 12, item 1: "throttled per address and per e-mail,
/// counting abuse and not normal use"): each sign-up, verification resend or reset request sends an e-mail, so each
/// counts — per e-mail address (a few an hour: nobody needs more, and no mailbox gets flooded) and per client
/// address (many more: an office or a proxy shares one). Sign-in has the provider's throttle, which counts failures.
struct PortalThrottle: Sendable {
    let limiter: any RateLimiter
    var perEmail = Allowance(count: 5, period: .hour)
    var perAddress = Allowance(count: 50, period: .hour)

    /// Nil when the request may go on; otherwise the decision that refuses it, with its `Retry-After`. Throws when
    /// the counters cannot be reached.
    func refusal(email: String?, address: String?) async throws -> RateLimitDecision? {
        if let address {
            let decision = try await limiter.consume(key: "portal-mail-address:" + address, allowance: perAddress)
            guard decision.allowed else { return decision }
        }
        if let email {
            let decision = try await limiter.consume(key: "portal-mail:" + email.lowercased(), allowance: perEmail)
            guard decision.allowed else { return decision }
        }
        return nil
    }
}
