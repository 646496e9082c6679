import Foundation
import Logging
import PlatformStore
import ServiceLifecycle
import Synchronization

/// Counts every call of the gateway and the token endpoints by application, API, hour and outcome (issue 13, item 1)
/// without touching the database on the request path: calls are tallied in memory and added to the store every
/// `interval` (5 s by default), and once more at a graceful shutdown. A graceful restart therefore loses nothing; a
/// crash, at most the calls of the last interval. A flush that fails keeps its tallies for the next one.
///
/// A recorder that is not `isCounting` (`serve --no-usage-counting`) counts nothing: for comparing the gateway's
/// speed with and without counting (`bench/gateway --usage`).
package final class UsageRecorder: Service {
    private let store: any UsageStore
    private let clock: WallClock
    private let interval: Duration
    private let isCounting: Bool
    private let logger: Logger
    private let pending = Mutex<[UsageKey: UsageTally]>([:])
    private let flushes: FlushMetrics

    package init(
        store: any UsageStore, clock: WallClock = .system, interval: Duration = .seconds(5), isCounting: Bool = true, logger: Logger,
        metrics: PlatformMetrics = .none
    ) {
        self.store = store
        self.clock = clock
        self.interval = interval
        self.isCounting = isCounting
        self.logger = logger
        flushes = FlushMetrics(store: "usage", metrics: metrics)
    }

    /// Counts one call of `clientID` ("" when unknown) to `apiName` ("" for the token endpoints), started at
    /// `started`, that has just ended with `outcome`; and notes them in the request's ``RequestFacts``.
    package func record(clientID: String, apiName: String, outcome: UsageOutcome, started: ContinuousClock.Instant) {
        RequestFacts.current?.noteCall(clientID: clientID, apiName: apiName, outcome: outcome)
        guard isCounting else { return }
        let elapsed = (ContinuousClock.now - started).components
        let milliseconds = Double(elapsed.seconds) * 1_000 + Double(elapsed.attoseconds) / 1e15
        let hour = UsagePeriod.hour.start(of: Int(clock.now().timeIntervalSince1970))
        let key = UsageKey(clientID: clientID, apiName: apiName, start: hour, outcome: outcome)
        pending.withLock { $0[key, default: UsageTally()].record(milliseconds: milliseconds) }
    }

    /// Adds what was counted since the last flush to the store.
    package func flush() async throws {
        let taken = pending.withLock { pending in
            defer { pending = [:] }
            return pending
        }
        do {
            try await store.addUsage(taken)
        } catch {
            pending.withLock { pending in
                for (key, tally) in taken { pending.add(tally, to: key) }
            }
            throw error
        }
    }

    package func run() async throws {
        try await flushPeriodically(every: interval, logger: logger, failure: "Could not add the usage counts to the database") {
            try await self.flushes.measure { try await self.flush() }
        }
    }
}
