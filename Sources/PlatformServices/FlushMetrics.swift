import Metrics

/// How long a service's flush of in-memory counts to the store takes, and how many fail (issue 14, item 1):
/// `orangerie_store_flush_duration_seconds{store}` and `orangerie_store_flush_errors_total{store}`, the store being
/// `usage` (``UsageRecorder``) or `quota_counters` (``LimitCounterKeeper``, ``BatchedQuotaLimiter``).
package struct FlushMetrics: Sendable {
    private let duration: Timer
    private let errors: Counter

    package init(store: String, metrics: PlatformMetrics) {
        duration = metrics.timer("orangerie_store_flush_duration_seconds", [("store", store)])
        errors = metrics.counter("orangerie_store_flush_errors_total", [("store", store)])
    }

    /// Runs `flush`, measuring it.
    package func measure(_ flush: () async throws -> Void) async throws {
        let started = ContinuousClock.now
        do {
            try await flush()
            duration.record(duration: ContinuousClock.now - started)
        } catch {
            errors.increment()
            throw error
        }
    }
}
