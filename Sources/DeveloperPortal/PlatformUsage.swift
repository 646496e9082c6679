import Foundation
import PlatformStore

/// The platform-wide figures of the provider's console (issue 13, item 4): one window's report over every
/// application and API, the refusals by Orange code, and the applications and APIs with the most calls.
struct PlatformUsage: Sendable {
    let report: UsageReport
    /// Refused calls by Orange code, the most frequent first.
    let refusals: [(code: Int, calls: Int)]
    /// Client_ids by calls, at most `top` of them, the busiest first ("" counts the calls no application made).
    let topApplications: [(clientID: String, calls: Int)]
    /// API names by calls, at most `top` ("" is the token endpoints).
    let topAPIs: [(apiName: String, calls: Int)]

    init(rows: [UsageKey: UsageTally], window: UsageReport.Window, now: Date, top: Int = 5) {
        report = UsageReport(rows: rows, window: window, apiName: nil, now: now)
        refusals = report.outcomes.compactMap { entry in
            guard case .refused(let code) = entry.outcome else { return nil }
            return (code: code, calls: entry.calls)
        }
        var byApplication: [String: Int] = [:]
        var byAPI: [String: Int] = [:]
        for (key, tally) in report.rows {
            byApplication[key.clientID, default: 0] += tally.calls
            byAPI[key.apiName, default: 0] += tally.calls
        }
        topApplications = Self.busiest(byApplication, top).map { (clientID: $0.key, calls: $0.calls) }
        topAPIs = Self.busiest(byAPI, top).map { (apiName: $0.key, calls: $0.calls) }
    }

    private static func busiest(_ calls: [String: Int], _ top: Int) -> [(key: String, calls: Int)] {
        calls.map { (key: $0.key, calls: $0.value) }.sorted { ($1.calls, $0.key) < ($0.calls, $1.key) }.prefix(top).map { $0 }
    }
}
