import Foundation
import Logging
import PlatformStore
import ServiceLifecycle
import Synchronization

/// Quotas counted in memory and added to the shared store every `interval` (100 ms by default), for APIs whose call
/// rate makes a database round trip per call too dear (issue 11, item 4: the optional batched mode; `serve
/// --batched-quotas`). Rate limits (per second or minute) stay exact, counted by `exact`: their windows are too
/// short to batch.
///
/// An instance admits a call while the total the store last gave it, plus what it admitted since, stays under the
/// quota; each flush adds what it admitted and learns the total of every instance. A quota can therefore be passed by
/// what the other instances admitted since this one last flushed: at most (instances − 1) × the calls one instance
/// admits in an interval, for a window that runs out while several instances serve it (measured in
/// `SeveralInstancesTests`; README, "Several instances on PostgreSQL"). Windows follow this machine's clock, which
/// should agree with the database's to well under a second. A flush that fails keeps its counts for the next one;
/// the last flush runs at shutdown.
package final class BatchedQuotaLimiter: RateLimiter, Service {
    private struct Key: Hashable {
        var key: String
        var period: Period
    }

    private struct Counter {
        var windowEnd: Int
        /// The window's total over every instance, as the store last said.
        var known: Int
        /// Admitted here since the last flush.
        var pending: Int
    }

    private let exact: any RateLimiter
    private let store: any LimitCounterStore
    private let clock: WallClock
    private let interval: Duration
    private let logger: Logger
    private let counters = Mutex<[Key: Counter]>([:])
    private let flushes: FlushMetrics

    package init(
        exact: any RateLimiter, store: any LimitCounterStore, clock: WallClock = .system, interval: Duration = .milliseconds(100),
        logger: Logger, metrics: PlatformMetrics = .none
    ) {
        self.exact = exact
        self.store = store
        self.clock = clock
        self.interval = interval
        self.logger = logger
        flushes = FlushMetrics(store: "quota_counters", metrics: metrics)
    }

    package func consume(key: String, limit: Int, period: Period) async throws -> RateLimitDecision {
        guard Period.quotaPeriods.contains(period) else { return try await exact.consume(key: key, limit: limit, period: period) }
        let now = clock.now()
        let window = period.window(containing: now)
        let resetAfter = RateLimitDecision.secondsUntil(window.end, from: now.timeIntervalSince1970)
        return counters.withLock { counters in
            let counterKey = Key(key: key, period: period)
            var counter = counters[counterKey] ?? Counter(windowEnd: window.end, known: 0, pending: 0)
            // A new window: what the last one admitted since its flush no longer matters to anyone.
            if counter.windowEnd != window.end { counter = Counter(windowEnd: window.end, known: 0, pending: 0) }
            let used = counter.known + counter.pending
            guard used < limit else {
                return RateLimitDecision(allowed: false, limit: limit, remaining: 0, resetAfter: resetAfter)
            }
            counter.pending += 1
            counters[counterKey] = counter
            return RateLimitDecision(allowed: true, limit: limit, remaining: limit - used - 1, resetAfter: resetAfter)
        }
    }

    /// Every instance's count as the store has it, and what this one admitted since its last flush.
    package func used(key: String, period: Period) async throws -> Int {
        guard Period.quotaPeriods.contains(period) else { return try await exact.used(key: key, period: period) }
        let stored = try await store.limitCount(key: key, period: period)
        let pending = counters.withLock { $0[Key(key: key, period: period)].flatMap { $0.windowEnd == stored.windowEnd ? $0.pending : nil } }
        return stored.count + (pending ?? 0)
    }

    /// Adds what this instance admitted since the last flush to the store, and learns each window's total.
    package func flush() async throws {
        let now = Int(clock.now().timeIntervalSince1970)
        let taken = counters.withLock { counters in
            counters = counters.filter { $0.value.windowEnd > now || $0.value.pending > 0 }
            var taken: [(Key, Int)] = []
            for (key, counter) in counters where counter.pending > 0 {
                taken.append((key, counter.pending))
                counters[key]?.pending = 0
            }
            return taken
        }
        var failure: (any Error)?
        for (key, amount) in taken {
            do {
                let total = try await store.addToLimitCounter(key: key.key, period: key.period, amount: amount, limit: .max)
                counters.withLock { counters in
                    if counters[key]?.windowEnd == total.windowEnd { counters[key]?.known = total.count }
                }
            } catch {
                counters.withLock { $0[key]?.pending += amount }
                failure = error
            }
        }
        if let failure { throw failure }
    }

    package func run() async throws {
        try await flushPeriodically(every: interval, logger: logger, failure: "Could not add the quota counts to the database") {
            try await self.flushes.measure { try await self.flush() }
        }
    }
}
