import Foundation
import PlatformStore
import Synchronization

/// A ``FailureThrottle`` in this process's memory, exact for one instance.
///
/// Memory is bounded: keys are cut to 256 bytes, and at most `capacity` keys are kept. When
/// full, finished windows are forgotten first, then the keys with a single failure, the least telling.
package final class InMemoryFailureThrottle: FailureThrottle {
    private struct Counter {
        var windowEnd: Int
        var failures: Int
    }

    private let limit: Int
    private let period: Period
    private let capacity: Int
    private let clock: WallClock
    private let counters = Mutex<[String: Counter]>([:])

    /// At most `limit` failures per key in each `period` window.
    package init(limit: Int, period: Period = .minute, capacity: Int = 100_000, clock: WallClock = .system) {
        self.limit = limit
        self.period = period
        self.capacity = capacity
        self.clock = clock
    }

    package func check(_ key: String) -> RateLimitDecision {
        let key = bounded(key)
        let now = clock.now()
        let window = period.window(containing: now)
        let failures = counters.withLock { counters in
            counters[key].map { $0.windowEnd == window.end ? $0.failures : 0 } ?? 0
        }
        let resetAfter = RateLimitDecision.secondsUntil(window.end, from: now.timeIntervalSince1970)
        return RateLimitDecision(allowed: failures < limit, limit: limit, remaining: max(0, limit - failures), resetAfter: resetAfter)
    }

    package func recordFailure(_ key: String) {
        let key = bounded(key)
        let now = clock.now()
        let windowEnd = period.window(containing: now).end
        counters.withLock { counters in
            if counters[key] == nil, counters.count >= capacity {
                Self.makeRoom(in: &counters, capacity: capacity, now: Int(now.timeIntervalSince1970))
            }
            var counter = counters[key] ?? Counter(windowEnd: windowEnd, failures: 0)
            if counter.windowEnd != windowEnd { counter = Counter(windowEnd: windowEnd, failures: 0) }
            counter.failures += 1
            counters[key] = counter
        }
    }

    /// Forgets the key's failures: a user who signs in is no longer being guessed at.
    package func clear(_ key: String) {
        _ = counters.withLock { $0.removeValue(forKey: bounded(key)) }
    }

    /// How many keys are kept.
    package var count: Int {
        counters.withLock { $0.count }
    }

    private static func makeRoom(in counters: inout [String: Counter], capacity: Int, now: Int) {
        counters = counters.filter { $0.value.windowEnd > now }
        if counters.count >= capacity { counters = counters.filter { $0.value.failures > 1 } }
        if counters.count >= capacity { counters.removeAll(keepingCapacity: true) }
    }

}
