import PlatformStore

/// Exact limits for several instances: each decision is one atomic statement in the shared store, in a window
/// of the database's clock (ARCHITECTURE.md, "Limits behind one protocol"; issue 11, item 4). Whatever instance
/// a request reaches, seed 002's "50 requests per minute" is 50 for the application, never 50 per instance.
///
/// It costs one database round trip per decision; when the store cannot be reached it throws, and each caller
/// says what that means (the token endpoint refuses with 503, the gateway follows the API's `limitFallback`).
package struct SharedRateLimiter: RateLimiter {
    private let store: any LimitCounterStore

    package init(store: any LimitCounterStore) {
        self.store = store
    }

    package func consume(key: String, limit: Int, period: Period) async throws -> RateLimitDecision {
        let counted = try await store.addToLimitCounter(key: key, period: period, amount: 1, limit: limit)
        return RateLimitDecision(
            allowed: counted.added, limit: limit, remaining: max(0, limit - counted.count),
            resetAfter: RateLimitDecision.secondsUntil(counted.windowEnd, from: counted.now))
    }
}
