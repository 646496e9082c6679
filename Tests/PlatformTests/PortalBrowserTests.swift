import Foundation
import HTTPTypes
import OAuthCore
import Platform
import PlatformTesting
import Testing

/// Issue 12's walk through the developer portal in a real browser (headless Chromium through WebDriver), from
/// sign-up to a deleted application, with screenshots under `TestArtifacts` (README.md shows them).
@Suite(.enabled(if: BrowserInstallation.testsShouldRun, "needs chromium and chromium-driver (apt-get install chromium chromium-driver)"))
struct PortalBrowserTests {
    static let password = "correct horse battery"

    @Test func aDeveloperWalksFromSignUpToADeletedApplication() async throws {
        let clock = ManualClock(Date())
        var configuration = testConfiguration()
        configuration.clock = clock.clock
        configuration.demo = true  // the demo API, /poi/v1, served by the platform itself
        let outbox = Outbox(configuration)
        try await withPlatform(configuration) { platform in
            try await WebDriver.withBrowser { browser in
                func shoot(_ name: String) async throws {
                    try await browser.screenshot(to: TestArtifacts.path("portal/\(name).png"))
                }
                try await browser.navigate(to: platform.baseURL + "/portal/signup")
                try await browser.element("#email").type("ada@example.com")
                try await browser.element("#name").type("Ada Lovelace")
                try await browser.element("#password").type(Self.password)
                try await browser.element("#terms").click()
                try await shoot("1-sign-up")
                try await browser.clickAndWaitForNewPage("button[type=submit].primary")
                #expect(try await browser.element("main h1").text() == "Check your e-mail")

                // With --demo, the browser alone reads the verification e-mail: the demo mailbox.
                #expect(try outbox.messages(to: "ada@example.com").count == 1)
                try await browser.clickAndWaitForNewPage("#demo-mailbox")
                try await shoot("1-demo-mailbox")
                try await browser.clickAndWaitForNewPage("a[href*='/portal/verify?token=']")
                try await browser.clickAndWaitForNewPage("button[type=submit].primary")

                // Not signed in yet: the provider's own login page, then MyApps.
                try await browser.element("#username").type("ada@example.com")
                try await browser.element("#password").type(Self.password)
                try await shoot("2-sign-in")
                try await browser.clickAndWaitForNewPage("button[type=submit].primary")
                #expect(try await browser.element("main h1").text() == "MyApps")

                try await browser.element("#name").type("Weather station")
                try await browser.element("#description").type("Reads the weather for the garden.")
                try await shoot("3-my-apps")
                try await browser.clickAndWaitForNewPage("main form button[type=submit].primary")
                let clientID = try await browser.element("#client-id").text()
                #expect(clientID.count == 32)

                // Six minutes later, showing the secret asks for the password again.
                clock.advance(by: 6 * 60)
                try await browser.clickAndWaitForNewPage("#reveal")
                try await browser.element("#password").type(Self.password)
                try await browser.clickAndWaitForNewPage("button[type=submit].primary")
                let header = try await browser.element("#authorization-header").text()
                try await shoot("4-credentials")
                let authorization = String(header.dropFirst("Authorization: ".count))

                // Subscribed from the catalog, the application gets a token and calls the demo API (seed 002).
                try await browser.navigate(to: platform.baseURL + "/portal/apis/poi")
                try await shoot("5-api")
                try await browser.element("#terms_version").click()
                try await browser.clickAndWaitForNewPage("#subscribe-button")
                let token = try await platform.token(authorization: authorization)
                #expect(token.status == .ok)
                let accessToken = try #require(try token.json()["access_token"] as? String)
                let call = try await platform.request(.get, "/poi/v1/shops", headers: [.authorization: "Bearer " + accessToken])
                #expect(call.status == .ok)
                try await browser.navigate(to: platform.baseURL + "/portal/apps/" + clientID + "/credentials")

                try await browser.clickAndWaitForNewPage("#renew")
                #expect(try await platform.token(authorization: authorization).status == .unauthorized)
                let renewed = try await browser.element("#authorization-header").text()
                #expect(renewed != header)

                try await browser.clickAndWaitForNewPage("#delete")
                #expect(try await browser.element("main h1").text() == "MyApps")
                #expect(try await browser.pageSource().contains(clientID) == false)
                try await shoot("6-deleted")
            }

            // MyApps on a phone: nothing wider than the screen.
            try await WebDriver.withBrowser(width: 390, height: 844) { browser in
                try await browser.navigate(to: platform.baseURL + "/portal/signup")
                let fits = try await browser.execute("return document.documentElement.scrollWidth <= window.innerWidth;")
                #expect(fits == .bool(true))
                try await browser.screenshot(to: TestArtifacts.path("portal/sign-up-phone.png"))
            }
        }
    }
}
