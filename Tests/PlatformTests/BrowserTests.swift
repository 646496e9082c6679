import Foundation
import OAuthCore
import PlatformTesting
import Testing

/// The platform's pages in a real browser (headless Chromium through WebDriver): what an HTTP client cannot see,
/// such as a page's layout on a phone. Skipped without chromium and chromedriver, except in CI, where they fail.
@Suite(.enabled(if: BrowserInstallation.testsShouldRun, "needs chromium and chromium-driver (apt-get install chromium chromium-driver)"))
struct BrowserTests {
    @Test func aUserSignsInOnTheAccountPageOnADesktopAndOnAPhone() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        try await withPlatform(configuration) { platform in
            try await WebDriver.withBrowser { browser in
                try await browser.navigate(to: platform.baseURL + OAuthTestPaths.account)
                try await browser.screenshot(to: TestArtifacts.path("browser/sign-in.png"))
                try await browser.element("#username").type(fixture.username)
                try await browser.element("#password").type(fixture.password)
                try await browser.element("button[type=submit]").click()
                #expect(try await browser.element("main strong").text() == fixture.username)
                #expect(try await browser.currentURL() == platform.baseURL + OAuthTestPaths.account)
                try await browser.screenshot(to: TestArtifacts.path("browser/account.png"))
            }

            // The sign-in form on a phone, 390 CSS pixels wide: whole, and nothing wider than the screen.
            try await WebDriver.withBrowser(width: 390, height: 844, phone: true) { browser in
                try await browser.navigate(to: platform.baseURL + OAuthTestPaths.account)
                #expect(try await browser.execute("return window.innerWidth") == .number(390))
                let fits = try await browser.execute(
                    """
                    const form = document.querySelector('form').getBoundingClientRect();
                    return document.documentElement.scrollWidth <= window.innerWidth
                        && form.left >= 0 && form.right <= window.innerWidth;
                    """)
                #expect(fits == .bool(true))
                try await browser.screenshot(to: TestArtifacts.path("browser/sign-in-phone.png"))
            }
        }
    }
}
