import Foundation
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
            let key = UsageKey(clientID: "app", apiName: "poi", hour: hour, outcome: .success)
            let refused = UsageKey(clientID: "app", apiName: "poi", hour: hour, outcome: .refused(code: 53))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        try await stores[index % 2].addUsage([key: tally(calls: 3, milliseconds: 4), refused: tally(calls: 1, milliseconds: 0.5)])
                    }
                }
                try await group.waitForAll()
            }
            let usage = try await stores[0].usage(clientID: "app", apiName: "poi", hours: hour..<hour + 3_600)
            #expect(usage[key] == UsageTally(calls: 60, latencySum: 240, buckets: [0, 0, 60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]))
            #expect(usage[refused]?.calls == 20 && usage[refused]?.buckets.first == 20)
            #expect(usage.count == 2)
        }
    }

    @Test(arguments: StoreDriver.available) func rowsAreReadByApplicationAPIAndHours(driver: StoreDriver) async throws {
        try await driver.withStore { store in
            let rows: [UsageKey: UsageTally] = [
                UsageKey(clientID: "a", apiName: "poi", hour: hour, outcome: .success): tally(calls: 1, milliseconds: 1),
                UsageKey(clientID: "a", apiName: "sms", hour: hour, outcome: .clientError): tally(calls: 2, milliseconds: 30),
                UsageKey(clientID: "b", apiName: "poi", hour: hour + 3_600, outcome: .upstreamFailure): tally(calls: 3, milliseconds: 6_000),
                UsageKey(clientID: "", apiName: "", hour: hour, outcome: .refused(code: 40)): tally(calls: 4, milliseconds: 0.2),
            ]
            try await store.addUsage(rows)
            #expect(try await store.usage(clientID: nil, apiName: nil, hours: hour..<hour + 7_200) == rows)
            #expect(try await store.usage(clientID: "a", apiName: nil, hours: hour..<hour + 7_200).count == 2)
            #expect(try await store.usage(clientID: nil, apiName: "poi", hours: hour..<hour + 7_200).count == 2)
            #expect(try await store.usage(clientID: nil, apiName: nil, hours: hour + 3_600..<hour + 7_200).keys.map(\.clientID) == ["b"])
        }
    }
}
