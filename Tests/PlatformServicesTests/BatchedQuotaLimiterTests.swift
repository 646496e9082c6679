import Foundation
import Logging
import PlatformServices
import PlatformStore
import PlatformTesting
import Synchronization
import Testing

/// Quotas counted in memory and flushed to the shared store (issue 11, item 4): what the store knows bounds each
/// instance, and the overshoot is what the others admitted since a flush.
@Suite struct BatchedQuotaLimiterTests {
    static let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Two instances' limiters on two stores of one database.
    static func instances(_ stores: [any PlatformStore]) -> [BatchedQuotaLimiter] {
        stores.map { BatchedQuotaLimiter(exact: SharedRateLimiter(store: $0), store: $0, logger: quiet) }
    }

    static func admitted(_ limiter: BatchedQuotaLimiter, _ calls: Int, quota: Int = 10) async throws -> Int {
        var admitted = 0
        for _ in 0..<calls where try await limiter.consume(key: "quota:app:poi", limit: quota, period: .day).allowed { admitted += 1 }
        return admitted
    }

    @Test(arguments: StoreDriver.available) func theOvershootIsWhatTheOthersAdmittedSinceAFlush(driver: StoreDriver) async throws {
        try await driver.withStores(2) { stores in
            let (one, two) = (Self.instances(stores)[0], Self.instances(stores)[1])
            // Neither has flushed: each admits up to the quota on its own.
            #expect(try await Self.admitted(one, 6) == 6)
            #expect(try await Self.admitted(two, 6) == 6)
            try await one.flush()
            try await two.flush()
            #expect(try await stores[0].limitCount(key: "quota:app:poi", period: .day).count == 12)
            // The second learned the total (12) when it flushed; the first still believes 6 until its next flush.
            #expect(try await Self.admitted(two, 5) == 0)
            #expect(try await Self.admitted(one, 5) == 4)
            try await one.flush()
            #expect(try await Self.admitted(one, 5) == 0)
            #expect(try await stores[0].limitCount(key: "quota:app:poi", period: .day).count == 16)
        }
    }

    @Test(arguments: StoreDriver.available) func rateLimitsStayExactAndAFailedFlushLosesNothing(driver: StoreDriver) async throws {
        try await driver.withStores(2) { stores in
            let limiters = Self.instances(stores)
            // Exact across both instances, within one minute: when a minute ends during the calls, they run again
            // on a fresh counter.
            for attempt in 0..<2 {
                let window = Period.minute.window(containing: Date()).end
                var allowed = 0
                for index in 0..<20 where try await limiters[index % 2].consume(key: "rate:app:\(attempt)", limit: 5, period: .minute).allowed {
                    allowed += 1
                }
                guard Period.minute.window(containing: Date()).end == window else { continue }
                #expect(allowed == 5)
                break
            }

            let unreliable = BatchedQuotaLimiter(exact: limiters[0], store: FailingOnce(stores[0]), logger: Self.quiet)
            #expect(try await Self.admitted(unreliable, 3) == 3)
            await #expect(throws: FailingOnce.Outage.self) { try await unreliable.flush() }
            #expect(try await Self.admitted(unreliable, 1) == 1)
            try await unreliable.flush()
            #expect(try await stores[0].limitCount(key: "quota:app:poi", period: .day).count == 4)
        }
    }
}

/// Counters whose first addition fails (the database was down a moment), then those of `store`.
final class FailingOnce: LimitCounterStore {
    struct Outage: Error {}

    private let store: any LimitCounterStore
    private let failed = Mutex(false)

    init(_ store: any LimitCounterStore) {
        self.store = store
    }

    func addToLimitCounter(key: String, period: Period, amount: Int, limit: Int) async throws -> LimitCount {
        if !failed.withLock({ $0 }) {
            failed.withLock { $0 = true }
            throw Outage()
        }
        return try await store.addToLimitCounter(key: key, period: period, amount: amount, limit: limit)
    }

    func limitCount(key: String, period: Period) async throws -> LimitCount {
        try await store.limitCount(key: key, period: period)
    }

    func resetLimitCounter(key: String, period: Period) async throws {
        try await store.resetLimitCounter(key: key, period: period)
    }

    func limitCounters(endingAfter now: Date) async throws -> [LimitCounter] {
        try await store.limitCounters(endingAfter: now)
    }

    func deleteLimitCounters(endingBefore cutoff: Date) async throws -> Int {
        try await store.deleteLimitCounters(endingBefore: cutoff)
    }
}
