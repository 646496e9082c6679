import Foundation
import PlatformStore

/// What a usage page shows of one application (issue 13, item 2), for one window and one API or all of them: calls
/// per bar split by class of outcome, calls per outcome, and the latency percentiles. Pure: made from the store's
/// rows and the time, the same for the page, its CSV and the JSON API.
struct UsageReport: Sendable {
    /// The windows a developer can look at: the last 24 hours by hour, the last 7 and 30 days by day. Each ends with
    /// the hour (or day) under way.
    enum Window: String, CaseIterable, Sendable {
        case day = "24h"
        case week = "7d"
        case month = "30d"

        var period: UsagePeriod { self == .day ? .hour : .day }

        var bars: Int {
            switch self {
            case .day: 24
            case .week: 7
            case .month: 30
            }
        }

        /// The starts of the window's periods, seconds since 1970: from the oldest bar's start to the end of the
        /// current period.
        func starts(endingWith now: Date) -> Range<Int> {
            let current = period.start(of: Int(now.timeIntervalSince1970))
            return current - (bars - 1) * period.rawValue..<current + period.rawValue
        }
    }

    /// One bar: the calls of one period, by class of outcome.
    struct Bar: Hashable, Sendable {
        var start: Int
        var success = 0
        var clientError = 0
        var upstreamFailure = 0
        /// Refused by the platform, whatever the code.
        var refused = 0

        var calls: Int { success + clientError + upstreamFailure + refused }

        mutating func add(_ calls: Int, _ outcome: UsageOutcome) {
            switch outcome {
            case .success: success += calls
            case .clientError: clientError += calls
            case .upstreamFailure: upstreamFailure += calls
            case .refused: refused += calls
            }
        }
    }

    let window: Window
    /// Oldest first, one per period of the window, empty periods included.
    let bars: [Bar]
    /// Calls per outcome over the window, the most frequent first.
    let outcomes: [(outcome: UsageOutcome, calls: Int)]
    /// Every call of the window, for its percentiles.
    let latency: UsageTally
    /// The rows behind the chart.
    let rows: [UsageKey: UsageTally]

    /// The report of `rows` (read for `window.starts(endingWith: now)` by `window.period`), of the API `apiName` only
    /// when given ("" is the token endpoints).
    init(rows: [UsageKey: UsageTally], window: Window, apiName: String?, now: Date) {
        self.window = window
        let range = window.starts(endingWith: now)
        let kept = rows.filter { range.contains($0.key.start) && (apiName == nil || $0.key.apiName == apiName) }
        var bars = stride(from: range.lowerBound, to: range.upperBound, by: window.period.rawValue).map { Bar(start: $0) }
        var outcomes: [UsageOutcome: Int] = [:]
        var latency = UsageTally()
        for (key, tally) in kept {
            bars[(key.start - range.lowerBound) / window.period.rawValue].add(tally.calls, key.outcome)
            outcomes[key.outcome, default: 0] += tally.calls
            latency.add(tally)
        }
        self.bars = bars
        self.outcomes = outcomes.map { (outcome: $0.key, calls: $0.value) }.sorted { ($1.calls, $0.outcome) < ($0.calls, $1.outcome) }
        self.latency = latency
        self.rows = kept
    }

    var calls: Int { latency.calls }

    /// The rows as CSV (RFC 4180), oldest first: one line per period, API and outcome, with the sum of the latencies and
    /// the percentiles of the row's calls (empty past the last bucket's bound).
    var csv: String {
        var lines = ["period_start,api,outcome,calls,latency_sum_ms,p50_ms,p95_ms"]
        var starts: [Int: String] = [:]
        let sorted = rows.sorted { ($0.key.start, $0.key.apiName, $0.key.outcome) < ($1.key.start, $1.key.apiName, $1.key.outcome) }
        for (key, tally) in sorted {
            let start = starts[key.start] ?? Date(timeIntervalSince1970: TimeInterval(key.start)).formatted(.iso8601)
            starts[key.start] = start
            let fields = [
                start, Self.csvField(key.apiName), key.outcome.storedValue, String(tally.calls), String(format: "%.3f", tally.latencySum),
                Self.bound(tally.percentile(0.5)), Self.bound(tally.percentile(0.95)),
            ]
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A bucket's bound as the CSV writes it, `5` or `0.5`; empty for none.
    private static func bound(_ value: Double?) -> String {
        guard let value else { return "" }
        return value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// A field quoted when it holds a comma, a quote or a line break, its quotes doubled (RFC 4180 §2); one that a
    /// spreadsheet would take for a formula (`=`, `+`, `-`, `@`) gets a leading quote mark (OWASP's CSV injection).
    private static func csvField(_ field: String) -> String {
        var field = field
        if let first = field.first, "=+-@".contains(first) { field = "'" + field }
        guard field.contains(where: { ",\"\r\n".contains($0) }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
