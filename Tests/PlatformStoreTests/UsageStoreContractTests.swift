import Foundation
import Logging
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

/// The contract of usage rows (issue 13, item 1) on every driver available here.
@Suite struct UsageStoreContractTests {
    let hour = 1_800_000_000 / 3_600 * 3_600

    func tally(calls: Int, milliseconds: Double) -> UsageTally {
        var tally = UsageTally()
        for _ in 0..<calls { tally.record(milliseconds: milliseconds) }
        return tally
    }

    /// Two instances flushing the same rows at once: every addition counts.
    @Test(arguments: StoreDriver.available) func flushesAddAndConcurrentOnesLoseNothing(driver: StoreDriver) async throws {
        try await driver.withStores(2) { stores in
            let key = UsageKey(clientID: "app", apiName: "poi", start: hour, outcome: .success)
            let refused = UsageKey(clientID: "app", apiName: "poi", start: hour, outcome: .refused(code: 53))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        try await stores[index % 2].addUsage([key: tally(calls: 3, milliseconds: 4), refused: tally(calls: 1, milliseconds: 0.5)])
                    }
                }
                try await group.waitForAll()
            }
            let usage = try await stores[0].usage(clientID: "app", apiName: "poi", in: hour..<hour + 3_600, per: .hour)
            #expect(usage[key] == UsageTally(calls: 60, latencySum: 240, buckets: [0, 0, 60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]))
            #expect(usage[refused]?.calls == 20 && usage[refused]?.buckets.first == 20)
            #expect(usage.count == 2)
        }
    }

    @Test(arguments: StoreDriver.available) func rowsAreReadByApplicationAPIAndHours(driver: StoreDriver) async throws {
        try await driver.withStore { store in
            let rows: [UsageKey: UsageTally] = [
                UsageKey(clientID: "a", apiName: "poi", start: hour, outcome: .success): tally(calls: 1, milliseconds: 1),
                UsageKey(clientID: "a", apiName: "sms", start: hour, outcome: .clientError): tally(calls: 2, milliseconds: 30),
                UsageKey(clientID: "b", apiName: "poi", start: hour + 3_600, outcome: .upstreamFailure): tally(calls: 3, milliseconds: 6_000),
                UsageKey(clientID: "", apiName: "", start: hour, outcome: .refused(code: 40)): tally(calls: 4, milliseconds: 0.2),
            ]
            try await store.addUsage(rows)
            #expect(try await store.usage(clientID: nil, apiName: nil, in: hour..<hour + 7_200, per: .hour) == rows)
            #expect(try await store.usage(clientID: "a", apiName: nil, in: hour..<hour + 7_200, per: .hour).count == 2)
            #expect(try await store.usage(clientID: nil, apiName: "poi", in: hour..<hour + 7_200, per: .hour).count == 2)
            #expect(try await store.usage(clientID: nil, apiName: nil, in: hour + 3_600..<hour + 7_200, per: .hour).keys.map(\.clientID) == ["b"])
        }
    }

    /// Each call counts in its hour and in its day: by day, a day's hours are summed, and two instances adding at
    /// once lose nothing there either.
    @Test(arguments: StoreDriver.available) func eachCallCountsInItsHourAndItsDay(driver: StoreDriver) async throws {
        try await driver.withStores(2) { stores in
            let day = UsagePeriod.day.start(of: hour)
            let hours = (0..<30).map { day - 86_400 * 3 + $0 * 3_600 }  // 24 hours of one day, then 6 of the next
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, start) in hours.enumerated() {
                    group.addTask {
                        try await stores[index % 2].addUsage([UsageKey(clientID: "a", apiName: "poi", start: start, outcome: .success): tally(calls: 2, milliseconds: 3)])
                    }
                }
                try await group.waitForAll()
            }
            let range = day - 86_400 * 10..<day + 86_400
            let days = try await stores[1].usage(clientID: "a", apiName: "poi", in: range, per: .day)
            #expect(days[UsageKey(clientID: "a", apiName: "poi", start: day - 86_400 * 3, outcome: .success)] == tally(calls: 48, milliseconds: 3))
            #expect(days[UsageKey(clientID: "a", apiName: "poi", start: day - 86_400 * 2, outcome: .success)]?.calls == 12)
            #expect(days.count == 2)
            #expect(try await stores[0].usage(clientID: "a", apiName: nil, in: range, per: .hour).count == 30)
            #expect(try await stores[0].usage(clientID: nil, apiName: nil, in: range, per: .day).count == 2)
            #expect(try await stores[0].usage(clientID: "b", apiName: nil, in: range, per: .day).isEmpty)
        }
    }

    /// The pruner keeps hours 90 days and days 2 years, moving whole days.
    @Test(arguments: StoreDriver.available) func thePrunerKeepsHours90DaysAndDays2Years(driver: StoreDriver) async throws {
        try await driver.withStore { store in
            let now = Date(timeIntervalSince1970: TimeInterval(hour + 1_800))
            let day = UsagePeriod.day.start(of: hour)
            func row(daysAgo: Int) -> [UsageKey: UsageTally] {
                [UsageKey(clientID: "a", apiName: "poi", start: day - daysAgo * 86_400, outcome: .success): tally(calls: 1, milliseconds: 1)]
            }
            for daysAgo in [89, 91, 729, 732] { try await store.addUsage(row(daysAgo: daysAgo)) }
            let pruner = ExpiredRecordPruner(
                store: store, clock: WallClock { now }, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
            let pruned = try await pruner.prune()
            #expect(pruned.usageHours == 3 && pruned.usageDays == 1)
            let hours = try await store.usage(clientID: nil, apiName: nil, in: 0..<Int.max, per: .hour)
            #expect(hours.keys.map(\.start) == [day - 89 * 86_400])
            let days = try await store.usage(clientID: nil, apiName: nil, in: 0..<Int.max, per: .day)
            #expect(Set(days.keys.map(\.start)) == Set([89, 91, 729].map { day - $0 * 86_400 }))
        }
    }
}
