import Metrics
import PlatformStore

/// A ``RateLimiter`` whose decisions are counted (issue 14, item 1):
/// `orangerie_limiter_decisions_total{kind, decision="allowed"|"refused"|"error"}`, the kind being the prefix of
/// the limiter's key: `rate` and `quota` (``GatewayLimit``), `token` (the token endpoint's per-application limit),
/// `portal-mail` and `portal-mail-address` (the portal's mail throttles). Keys are the platform's, so the kinds are
/// a fixed set; anything else counts as `other`, never as the key itself (which names an application or an address).
package struct MeasuredRateLimiter: RateLimiter {
    private struct Key: Hashable, Sendable {
        var kind: String
        var decision: String
    }

    static let kinds: Set<Substring> = ["rate", "quota", "token", "portal-mail", "portal-mail-address"]

    private let limiter: any RateLimiter
    private let decisions: MetricHandles<Key, Counter>

    package init(_ limiter: any RateLimiter, metrics: PlatformMetrics) {
        self.limiter = limiter
        decisions = MetricHandles { metrics.counter("orangerie_limiter_decisions_total", [("kind", $0.kind), ("decision", $0.decision)]) }
    }

    package var decidesImmediately: Bool { limiter.decidesImmediately }

    package func consumeImmediately(key: String, limit: Int, period: Period) -> RateLimitDecision? {
        guard let decision = limiter.consumeImmediately(key: key, limit: limit, period: period) else { return nil }
        count(decision, key: key)
        return decision
    }

    package func consume(key: String, limit: Int, period: Period) async throws -> RateLimitDecision {
        do {
            let decision = try await limiter.consume(key: key, limit: limit, period: period)
            count(decision, key: key)
            return decision
        } catch {
            decisions[Key(kind: Self.kind(of: key), decision: "error")].increment()
            throw error
        }
    }

    private func count(_ decision: RateLimitDecision, key: String) {
        decisions[Key(kind: Self.kind(of: key), decision: decision.allowed ? "allowed" : "refused")].increment()
    }

    private static func kind(of key: String) -> String {
        let prefix = key.prefix { $0 != ":" }
        return kinds.contains(prefix) ? String(prefix) : "other"
    }

    package func used(key: String, period: Period) async throws -> Int {
        try await limiter.used(key: key, period: period)
    }
}
