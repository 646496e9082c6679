import Logging
import PlatformStore
import ServiceLifecycle

/// Saves the quota counters of an ``InMemoryRateLimiter`` every `interval` and when the server stops, and puts
/// them back at start: a restart loses at most one interval of counting after a crash, nothing after a clean
/// stop. Rate limits (per second or minute) are not saved; their windows end before a restart matters.
package struct LimitCounterKeeper: Service {
    private let limiter: InMemoryRateLimiter
    private let store: any LimitCounterStore
    private let clock: WallClock
    private let interval: Duration
    private let logger: Logger
    private let flushes: FlushMetrics

    package init(
        limiter: InMemoryRateLimiter, store: any LimitCounterStore, clock: WallClock, interval: Duration, logger: Logger,
        metrics: PlatformMetrics = .none
    ) {
        self.limiter = limiter
        self.store = store
        self.clock = clock
        self.interval = interval
        self.logger = logger
        flushes = FlushMetrics(store: "quota_counters", metrics: metrics)
    }

    /// Puts back the counters of windows that have not ended.
    package func restore() async throws {
        limiter.restore(try await store.limitCounters(endingAfter: clock.now()))
    }

    package func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await Task.sleep(for: interval)
                    try await flushes.measure(save)
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("Could not save the quota counters", metadata: ["error": "\(error)"])
                }
            }
        }
        try await flushes.measure(save)
    }

    /// Adds what was counted since the last save: counters are added, never overwritten, so that several
    /// instances' counts add up.
    private func save() async throws {
        for delta in limiter.takeChangedCounters() {
            _ = try await store.addToLimitCounter(key: delta.key, period: delta.period, amount: delta.count, limit: .max)
        }
    }
}
