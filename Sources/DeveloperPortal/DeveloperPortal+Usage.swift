import Foundation
import HTTPTypes
import Hummingbird
import Logging
import PlatformPages
import PlatformStore

/// An application's usage page and its CSV (issue 13, item 2): `GET /portal/apps/ID/usage` and `…/usage.csv`, with
/// `window` (`24h`, `7d`, `30d`; 24 hours by default) and `api` (an API's name, or empty for the token endpoints; every
/// API when absent).
extension DeveloperPortal {
    func usagePage(_ request: Request, clientID: String) async -> Response {
        await withOwnApplication(request, clientID: clientID, returnPath: Paths.usage(clientID)) { session, application in
            let (window, apiName) = Self.usageQuery(of: request)
            let report = try await usage.report(clientID: clientID, window: window, apiName: apiName)
            let words = UsageText.choose(PageLanguage.accepted(by: request))
            let number = IntegerFormatStyle<Int>.number.locale(Locale(identifier: words.language))
            let apiNames = Set(try await store.subscriptions(clientID: clientID).map(\.apiName))
                .union(report.rows.map(\.key.apiName).filter { !$0.isEmpty }).sorted()
            func link(window: UsageReport.Window, api: String?) -> String {
                var query = ["window=" + window.rawValue]
                if let api { query.append("api=" + (api.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")) }
                return Paths.usage(clientID) + "?" + query.joined(separator: "&")
            }
            let filters: [(title: String, api: String?)] = [(words.allAPIs, nil), (words.tokenRequests, "")] + apiNames.map { ($0, $0) }
            let values: [String: Any] = [
                "name": application.name, "applicationLink": Paths.application(clientID), "words": words.templateValues,
                "windows": UsageReport.Window.allCases.map {
                    ["title": words.windowNames[$0] ?? $0.rawValue, "link": link(window: $0, api: apiName), "current": $0 == window]
                },
                "filters": filters.map { ["title": $0.title, "link": link(window: window, api: $0.api), "current": $0.api == apiName] },
                "chart": UsageChart(report: report, text: words).svg, "calls": report.calls.formatted(number),
                "hasCalls": report.calls > 0,
                "p50": Self.optional(report.latency.percentile(0.5).map { "≤ \($0.formatted()) ms" }),
                "p95": Self.optional(report.latency.percentile(0.95).map { "≤ \($0.formatted()) ms" }),
                "outcomes": report.outcomes.map {
                    ["outcome": $0.outcome.storedValue, "calls": $0.calls.formatted(number), "meaning": words.meaning(of: $0.outcome)]
                },
                "quotas": try await usage.quotas(clientID: clientID).map { quota in
                    [
                        "api": quota.apiName, "used": quota.used.formatted(number), "limit": quota.allowance.description,
                        "max": quota.allowance.count, "value": quota.used, "resetsAt": quota.resetsAt.formatted(.iso8601),
                    ] as [String: Any]
                },
                "csvLink": link(window: window, api: apiName).replacingOccurrences(of: "/usage?", with: "/usage.csv?"),
            ]
            return render("usage", request, session: session, values: values)
        }
    }

    func usageCSV(_ request: Request, clientID: String) async -> Response {
        await withOwnApplication(request, clientID: clientID, returnPath: Paths.usage(clientID)) { _, application in
            let (window, apiName) = Self.usageQuery(of: request)
            let report = try await usage.report(clientID: clientID, window: window, apiName: apiName)
            let file = "usage-\(application.clientID)-\(window.rawValue).csv"
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(file)\"",
                    .cacheControl: "no-store",
                ],
                body: ResponseBody(byteBuffer: ByteBuffer(string: report.csv)))
        }
    }

    /// The window and API a usage page asks for; an unknown window is the default one.
    static func usageQuery(of request: Request) -> (UsageReport.Window, String?) {
        let window = request.uri.queryParameters["window"].flatMap { UsageReport.Window(rawValue: String($0)) } ?? .day
        return (window, request.uri.queryParameters["api"].map(String.init))
    }

    /// Runs `body` with the signed-in developer's application `clientID`: the sign-in page first when signed out, a
    /// 404 page for an application of someone else or none.
    private func withOwnApplication(
        _ request: Request, clientID: String, returnPath: String,
        _ body: (PortalSession, ClientApplication) async throws -> Response
    ) async -> Response {
        switch await signedIn(request, returnPath: returnPath) {
        case .failure(let refused): return refused.response
        case .success(let (session, developer)):
            do {
                guard let application = try await store.application(clientID: clientID, ownedBy: developer) else {
                    return errorPage(request, status: .notFound, message: \.noSuchApplication)
                }
                return try await body(session, application)
            } catch {
                return failure(request, error, doing: "Could not show an application's usage")
            }
        }
    }
}
