import Foundation
import Synchronization

/// Counts requests per key in fixed windows: `increment-and-check(key, window, limit)` of ARCHITECTURE.md.
/// One instance counts exactly in memory; a store shared by several instances will count for all of them.
package protocol RateLimiter: Sendable {
    /// Counts one request for `key` unless the window's `limit` is already reached.
    func consume(key: String, limit: Int, window: RateLimitWindow) async -> RateLimitDecision
}

/// A window aligned on the epoch, so that every instance agrees on where it starts and ends.
package struct RateLimitWindow: Hashable, Sendable {
    package var seconds: Int

    package init(seconds: Int) {
        precondition(seconds > 0, "a rate-limit window lasts at least one second")
        self.seconds = seconds
    }

    package static let minute = RateLimitWindow(seconds: 60)

    func start(containing date: Date) -> Int {
        let now = Int(date.timeIntervalSince1970.rounded(.down))
        return now - now % seconds
    }
}

/// What a limiter decided for one request.
package struct RateLimitDecision: Hashable, Sendable {
    package var allowed: Bool
    package var limit: Int
    package var remaining: Int
    /// Whole seconds until the window resets, at least 1: what `Retry-After` carries.
    package var resetAfter: Int
}

/// Exact fixed-window counting for one instance.
package final class InMemoryRateLimiter: RateLimiter {
    private struct Key: Hashable {
        var key: String
        var window: Int
    }

    private struct Counter {
        var windowStart: Int
        var count: Int
    }

    private struct State {
        var counters: [Key: Counter] = [:]
        var lastSweep = 0

        /// Forgets finished windows about once a minute, so that memory follows the active keys only.
        mutating func sweep(now: Int) {
            guard now - lastSweep >= 60 else { return }
            lastSweep = now
            counters = counters.filter { $0.value.windowStart + $0.key.window > now }
        }
    }

    private let clock: WallClock
    private let state = Mutex(State())

    package init(clock: WallClock = .system) {
        self.clock = clock
    }

    package func consume(key: String, limit: Int, window: RateLimitWindow) -> RateLimitDecision {
        let now = clock.now()
        let start = window.start(containing: now)
        let resetAfter = max(1, Int((Double(start + window.seconds) - now.timeIntervalSince1970).rounded(.up)))
        return state.withLock { state in
            state.sweep(now: Int(now.timeIntervalSince1970))
            let counterKey = Key(key: key, window: window.seconds)
            var counter = state.counters[counterKey] ?? Counter(windowStart: start, count: 0)
            if counter.windowStart != start { counter = Counter(windowStart: start, count: 0) }
            guard counter.count < limit else {
                return RateLimitDecision(allowed: false, limit: limit, remaining: 0, resetAfter: resetAfter)
            }
            counter.count += 1
            state.counters[counterKey] = counter
            return RateLimitDecision(allowed: true, limit: limit, remaining: limit - counter.count, resetAfter: resetAfter)
        }
    }
}
