import PlatformStore
import Testing

/// The latency histogram behind the usage pages' p50 and p95 (issue 13, item 1).
@Suite struct UsageTallyTests {
    @Test func percentilesAreTheUpperBoundsOfTheirBuckets() {
        var tally = UsageTally()
        for milliseconds in [0.5, 3, 3, 3, 8, 15, 40, 90, 150, 9_000] { tally.record(milliseconds: milliseconds) }
        #expect(tally.calls == 10 && tally.buckets.reduce(0, +) == 10)
        #expect(tally.percentile(0.5) == 10)
        #expect(tally.percentile(0.9) == 200)
        #expect(tally.percentile(0.95) == nil, "in the last, unbounded bucket")
        #expect(UsageTally().percentile(0.5) == nil)
    }

    @Test func outcomesRoundTripThroughTheirStoredValues() {
        for outcome in [UsageOutcome.success, .clientError, .upstreamFailure, .refused(code: 41)] {
            #expect(UsageOutcome(storedValue: outcome.storedValue) == outcome)
        }
        #expect(UsageOutcome(storedValue: "refused:x") == nil && UsageOutcome(storedValue: "") == nil)
    }
}
