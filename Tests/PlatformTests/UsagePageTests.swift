import Foundation
import HTTPTypes
import Platform
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

/// Issue 13, item 2: an application's usage page, its CSV and the JSON API, from calls through the real gateway.
@Suite struct UsagePageTests {
    /// The JSON API's calls by outcome.
    static func outcomes(_ usage: HTTPAnswer) -> [String: Int] {
        let outcomes = usage.object["outcomes"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: outcomes.map { ($0["outcome"] as? String ?? "", $0["calls"] as? Int ?? 0) })
    }

    @Test func callsShowUpWithTheirRefusalsQuotaChartAndCSVThatAgree() async throws {
        try await PortalTests().withPortal { portal in try await Self.callAndRead(portal) }
    }

    static func callAndRead(_ portal: PortalTests.Portal) async throws {
        let client = try await PortalAPITests.DeveloperClient.signUp(portal, "ada@example.com")
        let quota = Allowance(count: 1_000, period: .day)
        _ = try await withAdministration(portal.configuration) { platform in
            try await platform.provisioning.updateAPI(named: "echo", quota: quota)
        }
        try await portal.publishAPI("other")
        let platform = portal.platform
        // The operator's changes reach the gateway through the change feed, in commit order: once `other` answers a call
        // without a token with 401 (counted against no application), echo's quota is there too.
        #expect(try await eventually(within: .seconds(15)) { try await platform.request(.get, "/other/v1/x").status == .unauthorized })
        let token = try #require(try await platform.token(authorization: client.basicAuthorization).object["access_token"] as? String)
        // The echo API's upstream (port 9) does not answer: 503, the upstream's failure, and each call counts
        // against the quota.
        for _ in 0..<3 { #expect(try await platform.request(.get, "/echo/v1/x", headers: [.authorization: "Bearer " + token]).status == .serviceUnavailable) }
        for _ in 0..<2 { #expect(try await platform.request(.get, "/other/v1/x", headers: [.authorization: "Bearer " + token]).status == .forbidden) }

        let portalToken = try await client.tokens().access
        // Every call counted: the two token requests (client credentials, and the portal token's authorization code)
        // too, so that no later flush changes the figures between the reads below.
        let flushed = try await eventually(within: .seconds(15)) {
            let outcomes = Self.outcomes(try await client.call(.get, "/applications/\(client.clientID)/usage?window=7d", token: portalToken))
            return outcomes["refused:50"] == 2 && outcomes["upstream_failure"] == 3 && (outcomes["success"] ?? 0) >= 2
        }
        #expect(flushed)
        let usage = try await client.call(.get, "/applications/\(client.clientID)/usage?window=7d", token: portalToken)
        let outcomes = Self.outcomes(usage)
        #expect(outcomes["upstream_failure"] == 3)
        #expect(outcomes["success"] == 2, "the token requests")
        let calls = try #require(usage.object["calls"] as? Int)
        #expect(calls == outcomes.values.reduce(0, +))
        let bars = try #require(usage.object["bars"] as? [[String: Any]])
        #expect(bars.count == 7 && bars.compactMap { $0["calls"] as? Int }.reduce(0, +) == calls)
        #expect(bars.last?["refused"] as? Int == 2)
        let quotas = try #require(usage.object["quotas"] as? [[String: Any]])
        #expect(quotas.count == 1 && quotas.first?["api"] as? String == "echo" && quotas.first?["used"] as? Int == 3)
        #expect(quotas.first?["limit"] as? String == "1000/day")
        let meaning = (usage.object["outcomes"] as? [[String: Any]])?.first { $0["code"] as? Int == 50 }?["meaning"] as? String
        #expect(meaning == "50 — access denied: the application is not subscribed to this API")

        // The page says the same, in French when asked.
        let page = try await client.browser.get("/portal/apps/\(client.clientID)/usage?window=7d")
        #expect(page.status == .ok)
        #expect(page.body.contains(#"<dd id="calls">\#(calls)</dd>"#))
        #expect(page.body.contains("50 — access denied: the application is not subscribed to this API"))
        #expect(page.body.contains(#"<meter id="quota-echo" min="0" max="1000" value="3""#))
        #expect(page.body.contains("<svg") && page.body.components(separatedBy: "<g><title>").count == 8)
        let french = try await client.browser.get("/portal/apps/\(client.clientID)/usage", headers: [.acceptLanguage: "fr"])
        #expect(french.body.contains("50 — accès refusé : l&#39;application n&#39;est pas abonnée à cette API"))

        // The CSV holds the rows behind the chart: the same calls, by outcome.
        let csv = try await client.browser.get("/portal/apps/\(client.clientID)/usage.csv?window=7d")
        #expect(csv.status == .ok && csv.headers[.contentType] == "text/csv; charset=utf-8")
        let lines = csv.body.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        var csvOutcomes: [String: Int] = [:]
        for line in lines { csvOutcomes[String(line[2]), default: 0] += Int(line[3]) ?? 0 }
        #expect(csvOutcomes == outcomes)

        // One API at a time.
        let other = try await client.call(.get, "/applications/\(client.clientID)/usage?window=24h&api=other", token: portalToken)
        #expect(Self.outcomes(other) == ["refused:50": 2])
        #expect(try await client.call(.get, "/applications/\(client.clientID)/usage?window=1y", token: portalToken).status == .badRequest)
    }

    @Test func anotherDevelopersUsageIsNotFoundAndASignedOutBrowserSignsInFirst() async throws {
        try await PortalTests().withPortal { portal in
            let ada = try await portal.developer("ada@example.com")
            _ = try await portal.signIn(ada, "ada@example.com")
            let clientID = try await portal.createApplication(ada)
            let bob = try await portal.developer("bob@example.com", name: "Bob")
            _ = try await portal.signIn(bob, "bob@example.com")
            #expect(try await bob.get("/portal/apps/\(clientID)/usage").status == .notFound)
            #expect(try await bob.get("/portal/apps/\(clientID)/usage.csv").status == .notFound)
            let stranger = try await Browser(portal.platform).get("/portal/apps/\(clientID)/usage.csv")
            #expect(stranger.status == .seeOther || stranger.status == .found)
            #expect(try await ada.get("/portal/apps/\(clientID)/usage").status == .ok)
        }
    }
}
