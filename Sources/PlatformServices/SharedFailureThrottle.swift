import PlatformStore

/// A ``FailureThrottle`` counting in the store that every instance shares, one statement per step, in windows of
/// the database's clock (issue 11, item 4). Its counters are rows, deleted by the ``ExpiredRecordPruner`` once
/// their window ended: memory stays bounded whatever keys a guesser invents.
package struct SharedFailureThrottle: FailureThrottle {
    private let store: any LimitCounterStore
    private let name: String
    private let limit: Int
    private let period: Period

    /// At most `limit` failures per key in each `period` window; `name` keeps this throttle's keys apart from
    /// every other counter in the store.
    package init(name: String, limit: Int, period: Period = .minute, store: any LimitCounterStore) {
        self.store = store
        self.name = name
        self.limit = limit
        self.period = period
    }

    package func check(_ key: String) async throws -> RateLimitDecision {
        let counted = try await store.limitCount(key: storedKey(key), period: period)
        return RateLimitDecision(
            allowed: counted.count < limit, limit: limit, remaining: max(0, limit - counted.count),
            resetAfter: RateLimitDecision.secondsUntil(counted.windowEnd, from: counted.now))
    }

    package func recordFailure(_ key: String) async throws {
        _ = try await store.addToLimitCounter(key: storedKey(key), period: period, amount: 1, limit: .max)
    }

    package func clear(_ key: String) async throws {
        try await store.resetLimitCounter(key: storedKey(key), period: period)
    }

    private func storedKey(_ key: String) -> String {
        name + ":" + bounded(key)
    }
}
