import Foundation
import OAuthCore
import Platform
import PlatformTesting
import Testing

/// Issue 12, item 5: "labels, focus order and contrast that pass a keyboard-only walk", in French. A developer who
/// uses no mouse signs up, verifies the address, signs in, creates an application and reveals its credentials in
/// real Chromium, with nothing but Tab, Space, Enter and typing; on every page, each control has a label, every
/// element that takes the focus shows it, and all text meets WCAG 2.2's AA contrast (1.4.3).
@Suite(.enabled(if: BrowserInstallation.testsShouldRun, "needs chromium and chromium-driver (apt-get install chromium chromium-driver)"))
struct PortalKeyboardTests {
    static let password = "correct horse battery"

    @Test func aKeyboardAloneGoesFromSignUpToCredentialsInFrench() async throws {
        let configuration = testConfiguration()
        let outbox = Outbox(configuration)
        try await withPlatform(configuration) { platform in
            try await WebDriver.withBrowser(language: "fr-FR") { browser in
                let keyboard = Keyboard(browser: browser)
                try await browser.navigate(to: platform.baseURL + "/portal/signup")
                #expect(try await browser.element("main h1").text() == "Créez votre compte développeur")
                try await keyboard.checkPage("sign-up")
                try await keyboard.type("ada@example.com", into: "#email")
                try await keyboard.type("Ada Lovelace", into: "#name")
                try await keyboard.type(Self.password, into: "#password")
                try await keyboard.type(" ", into: "#terms")
                try await keyboard.submit(with: "button[type=submit].primary")
                // The fields come in the order they are read: nothing before them but the page's links.
                #expect(keyboard.visited.filter { ["#email", "#name", "#password", "#terms"].contains($0) } == ["#email", "#name", "#password", "#terms"])
                try await keyboard.checkPage("sent")

                let link = try #require(try outbox.messages(to: "ada@example.com").last?.link)
                try await browser.navigate(to: link)
                try await keyboard.checkPage("verify")
                try await keyboard.submit(with: "button[type=submit].primary")

                try await keyboard.checkPage("sign-in")
                try await keyboard.type("ada@example.com", into: "#username")
                try await keyboard.type(Self.password, into: "#password")
                try await keyboard.submit(with: "button[type=submit].primary")
                #expect(try await browser.element("main h1").text() == "MyApps")
                try await keyboard.checkPage("MyApps")

                try await keyboard.type("Clavier", into: "#name")
                try await keyboard.submit(with: "main form button[type=submit].primary")
                try await keyboard.checkPage("application")
                try await keyboard.submit(with: "#reveal")
                #expect(try await browser.element("#authorization-header").text().hasPrefix("Authorization: Basic "))
                try await keyboard.checkPage("credentials")
                try await keyboard.tab(to: "button[data-copy=authorization-header]")

                #expect(keyboard.unseenFocus.isEmpty, "focus not shown on: \(keyboard.unseenFocus)")
            }
        }
    }

    /// Moves the focus with Tab only, and remembers where it went and whether it showed.
    final class Keyboard: @unchecked Sendable {
        let browser: WebDriver
        /// The focused elements, in order, as `tag#id` or `tag[name]`.
        private(set) var visited: [String] = []
        /// Those of them that showed no focus (no outline, no shadow).
        private(set) var unseenFocus: [String] = []

        init(browser: WebDriver) {
            self.browser = browser
        }

        /// Presses Tab until `selector` has the focus (it may have it already, by `autofocus`), at most 40 times.
        func tab(to selector: String) async throws {
            for _ in 0..<40 {
                let focus = try await browser.execute(Self.focusScript, arguments: [.string(selector)])
                guard case .object(let members) = focus else { break }
                if case .string(let name)? = members["name"], !name.isEmpty {
                    if visited.last != name { visited.append(name) }
                    if members["shown"] != .bool(true) { unseenFocus.append(name) }
                }
                if members["matches"] == .bool(true) { return }
                try await browser.press(WebDriver.Key.tab)
            }
            Issue.record("Tab never reached \(selector); visited \(visited)")
        }

        func type(_ text: String, into selector: String) async throws {
            try await tab(to: selector)
            try await browser.press(text)
        }

        /// Enter on the button or link `selector`, and the page it leads to.
        func submit(with selector: String) async throws {
            try await tab(to: selector)
            try await browser.pressAndWaitForNewPage(WebDriver.Key.enter)
        }

        /// Every control has a name, and all visible text has the contrast AA asks for.
        func checkPage(_ page: String) async throws {
            let unlabelled = try await browser.execute(Self.unlabelledScript)
            #expect(unlabelled == .string(""), "unlabelled controls on \(page)")
            let lowContrast = try await browser.execute(Self.lowContrastScript)
            #expect(lowContrast == .string(""), "low contrast on \(page)")
        }

        private static let focusScript = """
            const e = document.activeElement;
            if (!e || e === document.body) return { name: "", matches: false, shown: true };
            const style = getComputedStyle(e);
            const shown = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none";
            const name = e.tagName.toLowerCase() + (e.id ? "#" + e.id : e.name ? "[" + e.name + "]" : e.getAttribute("href") ? "[href=" + e.getAttribute("href") + "]" : "");
            return { name: e.id ? "#" + e.id : name, matches: e.matches(arguments[0]), shown: shown };
            """

        private static let unlabelledScript = """
            const bad = [];
            for (const e of document.querySelectorAll("input:not([type=hidden]), textarea, select, button")) {
              const named = (e.labels && e.labels.length > 0) || e.getAttribute("aria-label") || e.getAttribute("aria-labelledby")
                || (e.tagName === "BUTTON" && e.textContent.trim());
              if (!named) bad.push(e.outerHTML.slice(0, 80));
            }
            return bad.join("\\n");
            """

        /// WCAG 2.2 §1.4.3: 4.5:1, or 3:1 for large text (24 px, or 18.66 px bold), against the nearest background.
        private static let lowContrastScript = """
            const channels = (color) => color.match(/[\\d.]+/g).map(Number);
            const luminance = (color) => {
              const [r, g, b] = channels(color).slice(0, 3).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
              return 0.2126 * r + 0.7152 * g + 0.0722 * b;
            };
            const background = (e) => {
              for (; e; e = e.parentElement) {
                const color = getComputedStyle(e).backgroundColor;
                const parts = channels(color);
                if (parts.length < 4 || parts[3] > 0) return color;
              }
              return "rgb(255, 255, 255)";
            };
            const low = [];
            for (const e of document.querySelectorAll("body *")) {
              if (![...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
              const box = e.getBoundingClientRect();
              const style = getComputedStyle(e);
              if (box.width === 0 || box.height === 0 || style.visibility === "hidden") continue;
              const [a, b] = [luminance(style.color), luminance(background(e))];
              const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
              const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight) >= 700;
              if (ratio < (size >= 24 || (bold && size >= 18.66) ? 3 : 4.5)) low.push(e.tagName + " “" + e.textContent.trim().slice(0, 30) + "” " + ratio.toFixed(2));
            }
            return low.join("\\n");
            """
    }
}
