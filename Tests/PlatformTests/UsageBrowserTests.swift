import Foundation
import HTTPTypes
import OAuthCore
import Platform
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

/// Issue 13's walks in a real browser (headless Chromium through WebDriver): the demo application's calls on its usage
/// page with its refusals, the reveal of its credentials in its activity, and an administrator approving a pending
/// subscription in the provider's console. Screenshots under `TestArtifacts` (README.md shows them).
@Suite(.enabled(if: BrowserInstallation.testsShouldRun, "needs chromium and chromium-driver (apt-get install chromium chromium-driver)"))
struct UsageBrowserTests {
    /// Done when: "From serve --demo, a few calls with the demo application show up on its usage page within the flush
    /// interval, refusals included with their codes, and the credentials reveal of the portal issue appears in its
    /// activity."
    @Test func theDemoApplicationsCallsShowOnItsUsagePageAndItsRevealInItsActivity() async throws {
        var configuration = testConfiguration()
        configuration.demo = true
        let configured = configuration
        try await withPlatform(configuration) { platform in
            let demo = try #require(platform.demo)
            _ = try await withAdministration(configured) { administration in
                try await administration.provisioning.createAPI(name: "weather", basePath: "/weather/v1", upstream: "http://127.0.0.1:9")
            }
            try await WebDriver.withBrowser { browser in
                try await browser.navigate(to: platform.baseURL + "/portal/signin")
                try await browser.element("#username").type(DemoProvisioning.email)
                try await browser.element("#password").type(DemoProvisioning.password)
                try await browser.clickAndWaitForNewPage("button[type=submit].primary")
                let clientID = demo.credentials.clientID
                try await browser.navigate(to: platform.baseURL + "/portal/apps/" + clientID + "/credentials")
                let header = try await browser.element("#authorization-header").text()
                let authorization = String(header.dropFirst("Authorization: ".count))

                // Three calls to the demo API, two to an API the application is not subscribed to (403 code 50), once the
                // gateway knows that API (a call without a token: 401, counted against no application).
                #expect(try await eventually(within: .seconds(15)) { try await platform.request(.get, "/weather/v1/today").status == .unauthorized })
                let token = try #require(try await platform.token(authorization: authorization).json()["access_token"] as? String)
                for _ in 0..<3 {
                    #expect(try await platform.request(.get, "/poi/v1/shops", headers: [.authorization: "Bearer " + token]).status == .ok)
                }
                for _ in 0..<2 {
                    #expect(try await platform.request(.get, "/weather/v1/today", headers: [.authorization: "Bearer " + token]).status == .forbidden)
                }

                // Within the flush interval (5 s), the usage page shows them all (a flush may come between two calls).
                let shown = try await eventually(within: .seconds(15)) {
                    try await browser.navigate(to: platform.baseURL + "/portal/apps/" + clientID + "/usage")
                    let calls = try await browser.pageSource().contains("refused:50") ? try await browser.element("#calls").text() : ""
                    return Int(calls) ?? 0 >= 6
                }
                #expect(shown)
                let outcomes = try await browser.element("#outcomes").text()
                #expect(outcomes.contains("50 — access denied: the application is not subscribed to this API"))
                #expect(outcomes.contains("success"))
                let calls = try #require(Int(try await browser.element("#calls").text()))
                #expect(calls >= 6, "3 calls, 2 refusals and the token request")
                let bars = try await browser.execute("return document.querySelectorAll('svg.usage-chart g').length;")
                #expect(bars == .number(24))
                try await browser.screenshot(to: TestArtifacts.path("usage/usage.png"))

                // The reveal is in the application's activity.
                try await browser.navigate(to: platform.baseURL + "/portal/apps/" + clientID)
                #expect(try await browser.pageSource().contains("Secret revealed"))

                // On a phone, nothing is wider than the screen.
                try await browser.setWindowSize(width: 390, height: 844)
                try await browser.navigate(to: platform.baseURL + "/portal/apps/" + clientID + "/usage?window=30d")
                let fits = try await browser.execute("return document.documentElement.scrollWidth <= window.innerWidth;")
                #expect(fits == .bool(true))
                try await browser.screenshot(to: TestArtifacts.path("usage/usage-phone.png"))
            }
        }
    }

    /// Done when: "An administrator approves a pending subscription in the console (browser test) and the developer's
    /// application then gets tokens for that API."
    @Test func anAdministratorApprovesAPendingSubscriptionInTheConsole() async throws {
        try await PortalTests().withPortal { portal in
            let waiting = try await ConsoleTests.waitingSubscription(portal)
            _ = try await withAdministration(portal.configuration) { platform in
                _ = try await platform.provisioning.createUser(username: "root", password: PortalTests.password)
                return try await platform.provisioning.setAdministrator(true, username: "root")
            }
            #expect(try await portal.platform.token(authorization: waiting.header).status != .ok)
            let subscription = try #require(try await ConsoleTests.subscription(portal, waiting.clientID))
            try await WebDriver.withBrowser { browser in
                try await browser.navigate(to: portal.platform.baseURL + "/portal/admin")
                try await browser.element("#username").type("root")
                try await browser.element("#password").type(PortalTests.password)
                try await browser.clickAndWaitForNewPage("button[type=submit].primary")
                #expect(try await browser.element("main h1").text() == "Console")
                #expect(try await browser.element("#pending").text().contains(waiting.clientID))
                try await browser.screenshot(to: TestArtifacts.path("usage/console.png"))
                try await browser.clickAndWaitForNewPage("#approve-" + subscription.id)
                #expect(try await browser.execute("return document.querySelector('#pending') === null;") == .bool(true))
            }
            #expect(try await eventually(within: .seconds(15)) { try await portal.platform.token(authorization: waiting.header).status == .ok })
        }
    }
}
