import Foundation
import Hummingbird
import PlatformPages
import PlatformStore

/// An application's usage through the JSON API (issue 13, item 2): what its usage page shows.
extension PortalAPI {
    /// `GET /applications/{client_id}/usage[?window=24h|7d|30d][&api=NAME]`: the bars, the calls by outcome with their
    /// meaning (in the `Accept-Language` of the call), the latency percentiles and the quotas; 400 for another window.
    func usage(_ call: Call) async throws -> Response {
        let application = try await ownApplication(call)
        let windowName = call.request.uri.queryParameters["window"].map(String.init) ?? UsageReport.Window.day.rawValue
        guard let window = UsageReport.Window(rawValue: windowName) else {
            throw PortalAPIRefusal.invalidQueryParameter("'window' must be 24h, 7d or 30d.")
        }
        let apiName = call.request.uri.queryParameters["api"].map(String.init)
        let report = try await usage.report(clientID: application.clientID, window: window, apiName: apiName)
        let words = UsageText.choose(PageLanguage.accepted(by: call.request))
        return try json(
            PortalAPIBodies.Usage(
                window: window.rawValue, api: apiName, calls: report.calls,
                latency: PortalAPIBodies.Usage.Latency(p50: report.latency.percentile(0.5), p95: report.latency.percentile(0.95)),
                bars: report.bars.map(PortalAPIBodies.Usage.Bar.init),
                outcomes: report.outcomes.map { PortalAPIBodies.Usage.Outcome($0.outcome, calls: $0.calls, meaning: words.meaning(of: $0.outcome)) },
                quotas: try await usage.quotas(clientID: application.clientID).map(PortalAPIBodies.Usage.Quota.init)))
    }
}

extension PortalAPIBodies {
    struct Usage: Encodable {
        var window: String
        var api: String?
        var calls: Int
        var latency: Latency
        var bars: [Bar]
        var outcomes: [Outcome]
        var quotas: [Quota]

        /// Upper bounds of the latency buckets the percentiles fall in, in milliseconds; absent with no call or past
        /// the last bound.
        struct Latency: Encodable {
            var p50: Double?
            var p95: Double?

            enum CodingKeys: String, CodingKey {
                case p50 = "p50_ms"
                case p95 = "p95_ms"
            }
        }

        struct Bar: Encodable {
            var start: Date
            var calls: Int
            var success: Int
            var clientError: Int
            var upstreamFailure: Int
            var refused: Int

            init(_ bar: UsageReport.Bar) {
                start = Date(timeIntervalSince1970: TimeInterval(bar.start))
                (calls, success, clientError, upstreamFailure, refused) = (bar.calls, bar.success, bar.clientError, bar.upstreamFailure, bar.refused)
            }

            enum CodingKeys: String, CodingKey {
                case start, calls, success, refused
                case clientError = "client_error"
                case upstreamFailure = "upstream_failure"
            }
        }

        struct Outcome: Encodable {
            var outcome: String
            /// The Orange code of a refusal.
            var code: Int?
            var calls: Int
            var meaning: String

            init(_ outcome: UsageOutcome, calls: Int, meaning: String) {
                self.outcome = outcome.storedValue
                if case .refused(let code) = outcome { self.code = code }
                self.calls = calls
                self.meaning = meaning
            }
        }

        struct Quota: Encodable {
            var api: String
            var limit: String
            var used: Int
            var resetsAt: Date

            init(_ quota: UsageReader.QuotaUse) {
                (api, limit, used, resetsAt) = (quota.apiName, quota.allowance.description, quota.used, quota.resetsAt)
            }

            enum CodingKeys: String, CodingKey {
                case api, limit, used
                case resetsAt = "resets_at"
            }
        }
    }
}
