import Foundation
import PlatformStore
import Synchronization

/// Counts requests per key in fixed windows: `increment-and-check(key, window, limit)` of ARCHITECTURE.md.
/// One instance counts exactly in memory; a store shared by several instances counts for all of them.
package protocol RateLimiter: Sendable {
    /// Counts one request for `key` unless the window's `limit` is already reached; a refused request is not
    /// counted. Throws when the counters cannot be reached (a shared store that is down): each caller decides
    /// what that means for its request.
    func consume(key: String, limit: Int, period: Period) async throws -> RateLimitDecision
    /// How many requests the current `period` window of `key` counted, without counting one (the portal's quota
    /// bars, issue 13). Throws as ``consume(key:limit:period:)`` does.
    func used(key: String, period: Period) async throws -> Int
    /// Whether ``consumeImmediately(key:limit:period:)`` decides: counting in memory, without a round trip (the
    /// gateway's channel data path then checks a call without leaving its event loop, issue 15).
    var decidesImmediately: Bool { get }
    /// ``consume(key:limit:period:)`` without waiting; nil from a limiter that does not ``decidesImmediately``.
    func consumeImmediately(key: String, limit: Int, period: Period) -> RateLimitDecision?
}

extension RateLimiter {
    package var decidesImmediately: Bool { false }

    package func consumeImmediately(key: String, limit: Int, period: Period) -> RateLimitDecision? { nil }

    package func consume(key: String, allowance: Allowance) async throws -> RateLimitDecision {
        try await consume(key: key, limit: allowance.count, period: allowance.period)
    }
}

/// What a limiter decided for one request.
package struct RateLimitDecision: Hashable, Sendable {
    package var allowed: Bool
    package var limit: Int
    package var remaining: Int
    /// Whole seconds until the window resets, at least 1: what `Retry-After` carries.
    package var resetAfter: Int

    /// Whole seconds from `now` (seconds since 1970) until `windowEnd`, at least 1: a window's `Retry-After`.
    package static func secondsUntil(_ windowEnd: Int, from now: Double) -> Int {
        max(1, Int((Double(windowEnd) - now).rounded(.up)))
    }

    /// `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (IETF httpapi-ratelimit-headers), plus
    /// `Retry-After` (RFC 9110 §10.2.3) when the request was refused.
    package var headerFields: [(name: String, value: String)] {
        var fields = [("RateLimit-Limit", String(limit)), ("RateLimit-Remaining", String(remaining)), ("RateLimit-Reset", String(resetAfter))]
        if !allowed { fields.append(("Retry-After", String(resetAfter))) }
        return fields
    }
}

/// Exact fixed-window counting for one instance. Counters of long windows (an hour or more: quotas) can be
/// taken out and put back, so that a restart does not give every application a fresh quota.
package final class InMemoryRateLimiter: RateLimiter {
    private struct Key: Hashable {
        var key: String
        var period: Period
    }

    private struct Counter {
        var windowEnd: Int
        var count: Int
        /// Counted since the last ``InMemoryRateLimiter/takeChangedCounters()``.
        var unsaved = 0
    }

    private struct State {
        var counters: [Key: Counter] = [:]
        var lastSweep = 0
        /// Long-window counters changed since the last ``InMemoryRateLimiter/takeChangedCounters()``.
        var changed: Set<Key> = []

        /// Forgets finished windows about once a minute, so that memory follows the active keys only.
        mutating func sweep(now: Int) {
            guard now - lastSweep >= 60 else { return }
            lastSweep = now
            counters = counters.filter { $0.value.windowEnd > now }
        }
    }

    private let clock: WallClock
    private let state = Mutex(State())

    package init(clock: WallClock = .system) {
        self.clock = clock
    }

    package func consume(key: String, limit: Int, period: Period) -> RateLimitDecision {
        let now = clock.now()
        let window = period.window(containing: now)
        let resetAfter = RateLimitDecision.secondsUntil(window.end, from: now.timeIntervalSince1970)
        return state.withLock { state in
            state.sweep(now: Int(now.timeIntervalSince1970))
            let counterKey = Key(key: key, period: period)
            var counter = state.counters[counterKey] ?? Counter(windowEnd: window.end, count: 0)
            if counter.windowEnd != window.end { counter = Counter(windowEnd: window.end, count: 0) }
            guard counter.count < limit else {
                return RateLimitDecision(allowed: false, limit: limit, remaining: 0, resetAfter: resetAfter)
            }
            counter.count += 1
            counter.unsaved += 1
            state.counters[counterKey] = counter
            if Period.quotaPeriods.contains(period) { state.changed.insert(counterKey) }
            return RateLimitDecision(allowed: true, limit: limit, remaining: limit - counter.count, resetAfter: resetAfter)
        }
    }

    package var decidesImmediately: Bool { true }

    package func consumeImmediately(key: String, limit: Int, period: Period) -> RateLimitDecision? {
        consume(key: key, limit: limit, period: period)
    }

    package func used(key: String, period: Period) -> Int {
        let windowEnd = period.window(containing: clock.now()).end
        return state.withLock { state in
            state.counters[Key(key: key, period: period)].flatMap { $0.windowEnd == windowEnd ? $0.count : nil } ?? 0
        }
    }

    /// What each long-window counter counted since the last call (a delta, to be added to the saved counter),
    /// leaving out the windows that already ended.
    package func takeChangedCounters() -> [LimitCounter] {
        let now = Int(clock.now().timeIntervalSince1970)
        return state.withLock { state in
            defer { state.changed.removeAll(keepingCapacity: true) }
            return state.changed.compactMap { key in
                guard var counter = state.counters[key], counter.unsaved > 0 else { return nil }
                let delta = counter.unsaved
                counter.unsaved = 0
                state.counters[key] = counter
                guard counter.windowEnd > now else { return nil }
                return LimitCounter(key: key.key, period: key.period, windowEnd: counter.windowEnd, count: delta)
            }
        }
    }

    /// Puts saved counters back, keeping the higher count where this instance already counted.
    package func restore(_ counters: [LimitCounter]) {
        state.withLock { state in
            for saved in counters {
                let key = Key(key: saved.key, period: saved.period)
                if let current = state.counters[key], current.windowEnd == saved.windowEnd, current.count >= saved.count { continue }
                state.counters[key] = Counter(windowEnd: saved.windowEnd, count: saved.count)
            }
        }
    }
}
