import Foundation
import PlatformStore
import Synchronization

/// Counts failed attempts per key — a username, a client address — in fixed windows, to stop guessing without
/// ever counting honest use (ARCHITECTURE.md, "Throttles against guessing count failures"; issue 10, item 4): a
/// success is never counted, and it may clear its key's failures.
///
/// Memory is bounded: keys are cut to ``maximumKeyLength`` bytes, and at most `capacity` keys are kept. When
/// full, finished windows are forgotten first, then the keys with a single failure, the least telling.
package final class FailureThrottle: Sendable {
    /// Longest key kept, in UTF-8 bytes; a longer one is cut (no username or address is that long).
    package static let maximumKeyLength = 256

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

    /// Whether `key` may try again now; when it may not, seconds until its window ends (`Retry-After`).
    package func check(_ key: String) -> RateLimitDecision {
        let key = Self.bounded(key)
        let now = clock.now()
        let window = period.window(containing: now)
        let failures = counters.withLock { counters in
            counters[key].map { $0.windowEnd == window.end ? $0.failures : 0 } ?? 0
        }
        let resetAfter = max(1, Int((Double(window.end) - now.timeIntervalSince1970).rounded(.up)))
        return RateLimitDecision(allowed: failures < limit, limit: limit, remaining: max(0, limit - failures), resetAfter: resetAfter)
    }

    package func recordFailure(_ key: String) {
        let key = Self.bounded(key)
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
        _ = counters.withLock { $0.removeValue(forKey: Self.bounded(key)) }
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

    private static func bounded(_ key: String) -> String {
        key.utf8.count <= maximumKeyLength ? key : String(decoding: key.utf8.prefix(maximumKeyLength), as: UTF8.self)
    }
}
