/// What became of one call, as usage counts it (issue 13, item 1): the answer's class, or the platform's refusal with
/// its Orange code.
package enum UsageOutcome: Hashable, Sendable, Comparable {
    /// The upstream (or the token endpoint) answered 1xx–3xx.
    case success
    /// The upstream answered 4xx.
    case clientError
    /// The upstream answered 5xx, could not be reached (503 code 5) or did not answer in time (504).
    case upstreamFailure
    /// The platform refused the call itself, with this Orange code (40, 41, 42, 50, 51, 53, 60…).
    case refused(code: Int)

    /// How the outcome is stored: `success`, `client_error`, `upstream_failure`, `refused:41`.
    package var storedValue: String {
        switch self {
        case .success: "success"
        case .clientError: "client_error"
        case .upstreamFailure: "upstream_failure"
        case .refused(let code): "refused:\(code)"
        }
    }

    package init?(storedValue: String) {
        switch storedValue {
        case "success": self = .success
        case "client_error": self = .clientError
        case "upstream_failure": self = .upstreamFailure
        default:
            guard storedValue.hasPrefix("refused:"), let code = Int(storedValue.dropFirst("refused:".count)) else { return nil }
            self = .refused(code: code)
        }
    }
}

/// How long the period of a usage row is: hourly rows are kept 90 days, then rolled into daily ones kept 2 years
/// (issue 13, item 1).
package enum UsagePeriod: Int, Hashable, Sendable {
    case hour = 3_600
    case day = 86_400

    /// The start of the period that holds `second` (seconds since 1970, in UTC).
    package func start(of second: Int) -> Int {
        second - ((second % rawValue) + rawValue) % rawValue
    }
}

/// One row of usage: an application's calls to one API in one period (an hour, or a day), with one outcome.
package struct UsageKey: Hashable, Sendable {
    /// The application's client_id; "" when the call named none the platform could tell (no token, an unknown one).
    package var clientID: String
    /// The API's name; "" for the token endpoints.
    package var apiName: String
    /// The period's start, in whole seconds since 1970 (a multiple of its length).
    package var start: Int
    package var outcome: UsageOutcome

    package init(clientID: String, apiName: String, start: Int, outcome: UsageOutcome) {
        self.clientID = clientID
        self.apiName = apiName
        self.start = start
        self.outcome = outcome
    }

    /// `tallies` in the primary key's order, the one every driver writes them in.
    package static func writingOrder(_ tallies: [UsageKey: UsageTally]) -> [(key: UsageKey, value: UsageTally)] {
        tallies.sorted { ($0.key.clientID, $0.key.apiName, $0.key.start, $0.key.outcome.storedValue) < ($1.key.clientID, $1.key.apiName, $1.key.start, $1.key.outcome.storedValue) }
    }
}

/// How many calls a ``UsageKey`` counts, and how long they took: the sum, and a coarse histogram enough for a p50
/// and a p95 per hour.
package struct UsageTally: Hashable, Sendable {
    /// Upper bounds of the latency buckets, in milliseconds; the last bucket takes everything slower.
    package static let bucketBounds: [Double] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000]
    /// The columns every driver stores the buckets in: `b0` to `b12`.
    package static let bucketColumns = (0...bucketBounds.count).map { "b\($0)" }

    package var calls: Int
    package var latencySum: Double
    /// Calls per bucket: `bucketBounds.count + 1` of them.
    package var buckets: [Int]

    package init(calls: Int = 0, latencySum: Double = 0, buckets: [Int] = Array(repeating: 0, count: UsageTally.bucketBounds.count + 1)) {
        self.calls = calls
        self.latencySum = latencySum
        self.buckets = buckets
    }

    /// Counts one call that took `milliseconds`.
    package mutating func record(milliseconds: Double) {
        calls += 1
        latencySum += milliseconds
        buckets[Self.bucketBounds.firstIndex { milliseconds <= $0 } ?? Self.bucketBounds.count] += 1
    }

    /// Adds `other`'s calls to these.
    package mutating func add(_ other: UsageTally) {
        calls += other.calls
        latencySum += other.latencySum
        for index in buckets.indices { buckets[index] += other.buckets[index] }
    }

    /// The latency under which `fraction` of the calls fall, as the upper bound of its bucket (nil with no call, or
    /// when it falls in the last, unbounded bucket).
    package func percentile(_ fraction: Double) -> Double? {
        guard calls > 0 else { return nil }
        let rank = Int((Double(calls) * fraction).rounded(.up))
        var seen = 0
        for (index, count) in buckets.enumerated() {
            seen += count
            if seen >= rank { return index < Self.bucketBounds.count ? Self.bucketBounds[index] : nil }
        }
        return nil
    }
}

/// Usage rows (issue 13, item 1). Rules every driver meets (contract tests in `UsageStoreContractTests`):
/// - **Additions add**: ``addUsage(_:)`` adds to each row in one statement per row, never read-then-write, so that
///   instances flushing at once lose nothing.
/// - **Rows are written in one order** (``UsageKey/writingOrder(_:)``): two flushes touching the same rows in
///   different orders deadlock on PostgreSQL (seen in the contract test).
/// - **Each call is counted in its hour's row and in its day's row**, in the same transaction: a page over 30 days
///   reads 30 daily rows an API and outcome rather than 720 hourly ones, and hourly rows older than 90 days can simply
///   go, their days holding them.
/// - A batch is one transaction: all of it or none, so that a flush that fails can be retried whole.
package protocol UsageStore: Sendable {
    /// Adds the calls of `tallies`, whose keys start hours, to their hourly and daily rows.
    func addUsage(_ tallies: [UsageKey: UsageTally]) async throws
    /// The calls of the periods starting in `starts` (seconds since 1970), one row per `period`, of one application
    /// and one API when given.
    func usage(clientID: String?, apiName: String?, in starts: Range<Int>, per period: UsagePeriod) async throws -> [UsageKey: UsageTally]
    /// Deletes the hourly rows of hours before `hoursBefore` and the daily rows of days before `daysBefore`; returns
    /// how many of each went.
    func deleteUsage(hoursBefore: Int, daysBefore: Int) async throws -> (hours: Int, days: Int)
}

extension Dictionary where Key == UsageKey, Value == UsageTally {
    /// Adds a row read from the store: a day's hourly sums and its daily row make one.
    package mutating func add(_ tally: UsageTally, to key: UsageKey) {
        self[key, default: UsageTally()].add(tally)
    }
}
