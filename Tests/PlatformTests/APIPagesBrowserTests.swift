import Foundation
import OAuthCore
import Platform
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

/// Issue 17 in a real browser (headless Chromium through WebDriver): the demo API's five tabs with the samples for
/// the demo application, an operator's Markdown whose HTML neither runs nor trips the Content-Security-Policy, and a
/// partner API that only an invited client space finds and subscribes to. Screenshots of each tab go under
/// `TestArtifacts/api-pages` (README.md shows them).
@Suite(.enabled(if: BrowserInstallation.testsShouldRun, "needs chromium and chromium-driver (apt-get install chromium chromium-driver)"))
struct APIPagesBrowserTests {
    @Test func theDemoAPIsTabsAndAPartnerAPIForTheInvitedOnly() async throws {
        var configuration = testConfiguration()
        configuration.demo = true
        let configured = configuration
        try await withPlatform(configuration) { platform in
            let demo = try #require(platform.demo)
            try await withAdministration(configured) { administration in
                _ = try await administration.provisioning.createAPI(name: "notes", basePath: "/notes/v1", upstream: "http://127.0.0.1:9")
                _ = try await administration.provisioning.updateDocumentation(apiName: "notes", overview: APIPagesTests.hostileMarkdown)
                _ = try await administration.provisioning.createAPI(name: "partner", basePath: "/partner/v1", upstream: "http://127.0.0.1:9")
                _ = try await administration.provisioning.updateDocumentation(
                    apiName: "partner", description: "For invited partners.", visibility: .partner)
            }
            try await WebDriver.withBrowser { browser in
                // Markdown holding scripts: shown as text, nothing runs, nothing even asks the CSP.
                try await browser.navigate(to: platform.baseURL + "/portal/apis/notes")
                #expect(try await browser.element(".markdown h1").text() == "Echo, the API")
                #expect(try await browser.openDialogText() == nil)
                #expect(try await browser.execute("return document.querySelectorAll('.markdown script, .markdown [onerror], .markdown [onclick]').length") == .number(0))
                #expect(try await browser.element(".markdown").text().contains(#"<script>alert("overview")</script>"#))
                let console = try await browser.consoleMessages()
                #expect(!console.contains { $0.contains("Content Security Policy") }, "\(console)")

                // The demo developer signs in, then walks the demo API's tabs.
                try await browser.navigate(to: platform.baseURL + "/portal/signin")
                try await browser.element("#username").type(DemoProvisioning.email)
                try await browser.element("#password").type(DemoProvisioning.password)
                try await browser.clickAndWaitForNewPage("button[type=submit].primary")
                try await browser.navigate(to: platform.baseURL + "/portal/apis/poi")
                let titles = ["Overview", "Getting started", "API Reference", "Code samples", "Terms and Conditions"]
                for (index, title) in titles.enumerated() {
                    if index > 0 { try await browser.clickAndWaitForNewPage("nav ul.tabs li:nth-child(\(index + 1)) a") }
                    #expect(try await browser.element("main h2").text() == title)
                    #expect(try await browser.element("[aria-current=page]").text() == title)
                    try await browser.screenshot(to: TestArtifacts.path("api-pages/\(index + 1)-\(title.lowercased().replacingOccurrences(of: " ", with: "-")).png"))
                }
                try await browser.clickAndWaitForNewPage("nav ul.tabs li:nth-child(4) a")
                try await browser.element("#sample_client_id option[value='\(demo.credentials.clientID)']").click()
                try await browser.element("#language option[value=java]").click()
                try await browser.clickAndWaitForNewPage("main form button[type=submit]")
                let code = try await browser.element("#sample-code").text()
                #expect(code.contains(#"CLIENT_ID = "\#(demo.credentials.clientID)""#) && code.contains("HttpClient"))
                #expect(!code.contains(demo.credentials.clientSecret))
                try await browser.screenshot(to: TestArtifacts.path("api-pages/4-code-samples-java.png"))

                // A partner API: not found until the operator invites the demo developer's address.
                try await browser.navigate(to: platform.baseURL + "/portal/apis")
                #expect(!(try await browser.pageSource().contains("/portal/apis/partner")))
                try await browser.navigate(to: platform.baseURL + "/portal/apis/partner")
                #expect(try await browser.element("main h1").text() == "Something went wrong")
                _ = try await withAdministration(configured) { try await $0.provisioning.invite(email: DemoProvisioning.email, apiName: "partner") }
                try await browser.navigate(to: platform.baseURL + "/portal/apis")
                try await browser.clickAndWaitForNewPage("a[href='/portal/apis/partner']")
                #expect(try await browser.element("main h1").text() == "partner")
                try await browser.clickAndWaitForNewPage("#subscribe-button")
                #expect(try await browser.currentURL().hasSuffix("/portal/apps/\(demo.credentials.clientID)#apis"))
                #expect(try await browser.pageSource().contains("partner"))
            }
        }
    }
}
