import Foundation
import PlatformServices
import PlatformStore
import Testing

@testable import DeveloperPortal

/// Issue 13, item 2: the report behind a usage page, its chart and its CSV, without I/O.
@Suite struct UsageReportTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000 + 1_234)

    func tally(_ calls: Int, milliseconds: Double = 3) -> UsageTally {
        var tally = UsageTally()
        for _ in 0..<calls { tally.record(milliseconds: milliseconds) }
        return tally
    }

    @Test func barsCoverTheWindowEndingWithTheCurrentPeriodAndRowsOutsideAreLeftOut() {
        let hour = UsagePeriod.hour.start(of: Int(now.timeIntervalSince1970))
        let rows: [UsageKey: UsageTally] = [
            UsageKey(clientID: "a", apiName: "poi", start: hour, outcome: .success): tally(5),
            UsageKey(clientID: "a", apiName: "poi", start: hour, outcome: .refused(code: 53)): tally(2, milliseconds: 0.3),
            UsageKey(clientID: "a", apiName: "", start: hour - 23 * 3_600, outcome: .clientError): tally(1),
            UsageKey(clientID: "a", apiName: "poi", start: hour - 24 * 3_600, outcome: .success): tally(100),
        ]
        let report = UsageReport(rows: rows, window: .day, apiName: nil, now: now)
        #expect(report.bars.count == 24 && report.bars.first?.start == hour - 23 * 3_600 && report.bars.last?.start == hour)
        #expect(report.bars.last == UsageReport.Bar(start: hour, success: 5, refused: 2))
        #expect(report.bars.first?.clientError == 1)
        #expect(report.calls == 8)
        #expect(report.outcomes.map(\.outcome) == [.success, .refused(code: 53), .clientError])
        #expect(report.latency.percentile(0.5) == 5)
        #expect(UsageReport(rows: rows, window: .day, apiName: "", now: now).calls == 1)
        #expect(UsageReport(rows: rows, window: .week, apiName: nil, now: now).bars.count == 7)
    }

    @Test func theChartHasOneBarPerPeriodScaledToANiceCeiling() {
        #expect([0, 1, 3, 7, 10, 11, 120, 999].map(UsageChart.niceCeiling) == [1, 1, 5, 10, 10, 20, 200, 1_000])
        let hour = UsagePeriod.hour.start(of: Int(now.timeIntervalSince1970))
        let report = UsageReport(
            rows: [UsageKey(clientID: "a", apiName: "poi", start: hour, outcome: .upstreamFailure): tally(10)], window: .day, apiName: nil,
            now: now)
        let svg = UsageChart(report: report, text: .english).svg
        #expect(svg.components(separatedBy: "<g><title>").count == 25)
        #expect(svg.contains(#"<rect class="upstream-failure" x="#) && svg.contains(#"height="174.0""#), "the full height for the highest bar")
        #expect(svg.contains(#"aria-label="Last 24 hours: 10 calls""#))
        let hourOfDay = hour % 86_400 / 3_600
        let labels = svg.matches(of: /text-anchor="(start|middle|end)">([^<]+)</).map { String($0.output.2) }
        #expect(Array(labels.suffix(3)) == [(hourOfDay + 1) % 24, (hourOfDay + 13) % 24, hourOfDay].map { String(format: "%02d:00", $0) })
    }

    @Test func theCSVHoldsTheRowsQuotedAsRFC4180Says() {
        let day = UsagePeriod.day.start(of: Int(now.timeIntervalSince1970))
        let report = UsageReport(
            rows: [
                UsageKey(clientID: "a", apiName: "poi", start: day, outcome: .success): tally(2, milliseconds: 4),
                UsageKey(clientID: "a", apiName: "-x,y", start: day, outcome: .refused(code: 41)): tally(1, milliseconds: 9_000),
            ], window: .month, apiName: nil, now: now)
        let lines = report.csv.components(separatedBy: "\r\n")
        #expect(lines[0] == "period_start,api,outcome,calls,latency_sum_ms,p50_ms,p95_ms")
        #expect(lines[1] == "2027-01-15T00:00:00Z,\"'-x,y\",refused:41,1,9000.000,,")
        #expect(lines[2] == "2027-01-15T00:00:00Z,poi,success,2,8.000,5,5")
        #expect(lines.count == 4 && lines[3].isEmpty)
    }

    @Test func theInMemoryLimiterSaysWhatAWindowUsedWithoutCounting() {
        let limiter = InMemoryRateLimiter(clock: WallClock { now })
        for _ in 0..<3 { _ = limiter.consume(key: "quota:a:poi", limit: 10, period: .day) }
        #expect(limiter.used(key: "quota:a:poi", period: .day) == 3)
        #expect(limiter.used(key: "quota:a:poi", period: .day) == 3)
        #expect(limiter.used(key: "quota:a:other", period: .day) == 0)
    }
}
