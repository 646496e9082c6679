import Foundation
import PlatformServices
import PlatformStore
import Synchronization
import Testing

/// The shared limiter batches the requests that wait for a counter's statement, and stays exact.
@Suite struct SharedRateLimiterTests {
    /// Counters in memory, one statement at a time like a row lock; the first statement waits until `release()`.
    final class Counters: LimitCounterStore {
        let counts = Mutex<[String: Int]>([:])
        let statements = Mutex<[Int]>([])
        let gate = Mutex<CheckedContinuation<Void, Never>?>(nil)
        let held = Atomic(true)
        let failing: Bool

        init(failing: Bool = false) { self.failing = failing }

        func addToLimitCounter(key: String, period: Period, amount: Int, limit: Int) async throws -> LimitCount {
            if held.load(ordering: .acquiring) {
                await withCheckedContinuation { continuation in gate.withLock { $0 = continuation } }
            }
            statements.withLock { $0.append(amount) }
            if failing { throw Unreachable() }
            return counts.withLock { counts in
                let count = counts[key, default: 0]
                guard count + amount <= limit else { return LimitCount(added: false, count: count, windowEnd: 1_800_000_060, now: 1_800_000_000) }
                counts[key] = count + amount
                return LimitCount(added: true, count: count + amount, windowEnd: 1_800_000_060, now: 1_800_000_000)
            }
        }

        func release() async throws {
            while gate.withLock({ $0 == nil }) { try await Task.sleep(for: .milliseconds(5)) }
            held.store(false, ordering: .releasing)
            gate.withLock { $0?.resume() }
        }

        func limitCount(key: String, period: Period) async throws -> LimitCount {
            LimitCount(added: false, count: counts.withLock { $0[key, default: 0] }, windowEnd: 1_800_000_060, now: 1_800_000_000)
        }
        func resetLimitCounter(key: String, period: Period) async throws {}
        func limitCounters(endingAfter now: Date) async throws -> [LimitCounter] { [] }
        func deleteLimitCounters(endingBefore cutoff: Date) async throws -> Int { 0 }
    }

    struct Unreachable: Error {}

    /// One request in flight, 20 waiting: the 20 are counted by one statement, and exactly the limit passes.
    @Test func waitingRequestsAreCountedTogetherAndExactly() async throws {
        let counters = Counters()
        let limiter = SharedRateLimiter(store: counters)
        let decisions = try await withThrowingTaskGroup(of: RateLimitDecision.self) { group in
            group.addTask { try await limiter.consume(key: "rate:app:api", limit: 10, period: .second) }
            try await Task.sleep(for: .milliseconds(50))  // the first statement has started and waits
            for _ in 1...20 { group.addTask { try await limiter.consume(key: "rate:app:api", limit: 10, period: .second) } }
            try await Task.sleep(for: .milliseconds(300))  // time for all 20 to queue, even on a loaded machine
            try await counters.release()
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(counters.statements.withLock { $0 } == [1, 20, 9], "the batch of 20, then what is left of the limit")
        #expect(decisions.filter(\.allowed).count == 10)
        #expect(decisions.filter(\.allowed).map(\.remaining).sorted() == Array(0...9))
        #expect(decisions.filter { !$0.allowed }.allSatisfy { $0.remaining == 0 && $0.resetAfter == 60 })
        #expect(counters.counts.withLock { $0["rate:app:api"] } == 10)
        #expect(try await !limiter.consume(key: "rate:app:api", limit: 10, period: .second).allowed)
        #expect(try await limiter.consume(key: "rate:other:api", limit: 10, period: .second).remaining == 9, "counters are apart")
    }

    @Test func anUnreachableStoreFailsTheWholeBatch() async throws {
        let counters = Counters(failing: true)
        let limiter = SharedRateLimiter(store: counters)
        let failures = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask { (try? await limiter.consume(key: "k", limit: 10, period: .minute)) == nil }
            try await Task.sleep(for: .milliseconds(50))
            for _ in 1...5 { group.addTask { (try? await limiter.consume(key: "k", limit: 10, period: .minute)) == nil } }
            try await Task.sleep(for: .milliseconds(50))
            try await counters.release()
            return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        #expect(failures == 6)
        #expect(counters.statements.withLock { $0 } == [1, 5])
    }
}
