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

    package func consume(key: String, limit: Int, period: Period) async throws -> RateLimitDecision {
        let prefix = key.prefix { $0 != ":" }
        let kind = Self.kinds.contains(prefix) ? String(prefix) : "other"
        do {
            let decision = try await limiter.consume(key: key, limit: limit, period: period)
            decisions[Key(kind: kind, decision: decision.allowed ? "allowed" : "refused")].increment()
            return decision
        } catch {
            decisions[Key(kind: kind, decision: "error")].increment()
            throw error
        }
    }

    package func used(key: String, period: Period) async throws -> Int {
        try await limiter.used(key: key, period: period)
    }
}
