import PlatformStore
import Synchronization

/// Exact limits for several instances: each decision is counted by an atomic statement in the shared store, in a
/// window of the database's clock (ARCHITECTURE.md, "Limits behind one protocol"; issue 11, item 4). Whatever
/// instance a request reaches, seed 002's "50 requests per minute" is 50 for the application, never 50 per instance.
///
/// Concurrent decisions for one counter are batched (issue 11, item 7): while a statement for a counter runs, the
/// requests for that counter wait, and the next statement adds them all at once. Without it every request of a busy
/// application would queue on its counter's row lock, each holding it for a commit (measured on PostgreSQL with
/// durable commits: 500 gateway requests/s for one application). A batch of `n` is one conditional addition of `n`;
/// when that would pass the limit, of what is left, so that exactly as many requests pass as the limit allows, the
/// first in line first. A request arriving to an idle counter is counted at once, alone.
///
/// When the store cannot be reached it throws, for every request of the batch, and each caller says what that means
/// (the token endpoint refuses with 503, the gateway follows the API's `limitFallback`).
package final class SharedRateLimiter: RateLimiter {
    private struct Counter: Hashable {
        var key: String
        var period: Period
        var limit: Int
    }

    private enum Turn {
        case decided(RateLimitDecision)
        case failed(any Error)
        /// Count your request and those waiting.
        case lead
    }

    /// The counters with a statement in flight, and the requests waiting for the next one.
    private let waiting = Mutex<[Counter: [CheckedContinuation<Turn, Never>]]>([:])
    private let store: any LimitCounterStore

    package init(store: any LimitCounterStore) {
        self.store = store
    }

    package func consume(key: String, limit: Int, period: Period) async throws -> RateLimitDecision {
        let counter = Counter(key: key, period: period, limit: limit)
        let turn = await withCheckedContinuation { (continuation: CheckedContinuation<Turn, Never>) in
            let leads = waiting.withLock { waiting in
                if waiting[counter] != nil {
                    waiting[counter]!.append(continuation)
                    return false
                }
                waiting[counter] = []
                return true
            }
            if leads { continuation.resume(returning: .lead) }
        }
        switch turn {
        case .decided(let decision): return decision
        case .failed(let error): throw error
        case .lead: return try await lead(counter)
        }
    }

    package func used(key: String, period: Period) async throws -> Int {
        try await store.limitCount(key: key, period: period).count
    }

    /// Counts the leader's request and those waiting, answers them, and passes the lead on.
    private func lead(_ counter: Counter) async throws -> RateLimitDecision {
        let batch = waiting.withLock { waiting in
            defer { waiting[counter] = [] }
            return waiting[counter] ?? []
        }
        let result: Result<[RateLimitDecision], any Error>
        do {
            result = .success(try await count(counter, requests: 1 + batch.count))
        } catch {
            result = .failure(error)
        }
        for (index, waiter) in batch.enumerated() {
            switch result {
            case .success(let decisions): waiter.resume(returning: .decided(decisions[index + 1]))
            case .failure(let error): waiter.resume(returning: .failed(error))
            }
        }
        let next = waiting.withLock { waiting -> CheckedContinuation<Turn, Never>? in
            guard let queued = waiting[counter], !queued.isEmpty else {
                waiting[counter] = nil
                return nil
            }
            waiting[counter]!.removeFirst()
            return queued[0]
        }
        next?.resume(returning: .lead)
        return try result.get()[0]
    }

    /// Adds `requests` to the counter, or as many as the limit still allows, each addition one conditional
    /// statement; returns the decision of each request, in order.
    private func count(_ counter: Counter, requests: Int) async throws -> [RateLimitDecision] {
        var amount = requests
        var counted: LimitCount
        while true {
            counted = try await store.addToLimitCounter(key: counter.key, period: counter.period, amount: amount, limit: counter.limit)
            if counted.added { break }
            // What is left in the window: another instance may take it meanwhile (then try again with less), or
            // the window may end (then with all).
            let left = min(requests, counter.limit - counted.count)
            guard left > 0 else {
                amount = 0
                break
            }
            amount = left
        }
        let resetAfter = RateLimitDecision.secondsUntil(counted.windowEnd, from: counted.now)
        let before = counted.count - amount
        return (0..<requests).map { index in
            index < amount
                ? RateLimitDecision(allowed: true, limit: counter.limit, remaining: max(0, counter.limit - (before + index + 1)), resetAfter: resetAfter)
                : RateLimitDecision(allowed: false, limit: counter.limit, remaining: max(0, counter.limit - counted.count), resetAfter: resetAfter)
        }
    }
}
