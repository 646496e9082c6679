import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import OAuthCore

/// A real browser for the page tests (ARCHITECTURE.md, "Tests"): headless Chromium driven by Debian's
/// `chromedriver` over the W3C WebDriver protocol (https://www.w3.org/TR/webdriver2/), on loopback.
///
/// ```swift
/// try await WebDriver.withBrowser { browser in
///     try await browser.navigate(to: platform.baseURL + "/openidconnect/fr/v1/account")
///     try await browser.element("#username").type("alice")
/// }
/// ```
package struct WebDriver: Sendable {
    /// chromedriver's port on 127.0.0.1.
    let port: Int
    let sessionID: String

    /// Starts chromedriver and a headless Chromium showing `width` × `height` CSS pixels, with a user-data directory
    /// of its own, for `body`; then ends the session and stops chromedriver and whatever it started, even when
    /// `body` throws. Throws ``WebDriverError`` when chromium or chromedriver is missing.
    ///
    /// With `phone`, the page sees a touch screen of that size (Chromium's mobile emulation): a window cannot be
    /// made narrower than 500 pixels, a phone is 360 to 430. `language` is what the browser asks for in
    /// `Accept-Language`.
    package static func withBrowser<Value: Sendable>(
        width: Int = 1280, height: Int = 900, phone: Bool = false, language: String = "en-US", _ body: (WebDriver) async throws -> Value
    ) async throws -> Value {
        guard let chromedriver = BrowserInstallation.chromedriver, let chromium = BrowserInstallation.chromium else {
            throw WebDriverError(command: "start", error: "not installed", message: BrowserInstallation.missingMessage)
        }
        let process = try await ChromeDriverProcess(executable: chromedriver)
        do {
            let value = try await withSession(
                port: process.port, chromium: chromium, width: width, height: height, phone: phone, language: language, body)
            await process.stop()
            return value
        } catch {
            await process.stop()
            throw error
        }
    }

    /// A session of chromedriver at `port` for `body`, deleted afterwards even when `body` throws.
    private static func withSession<Value: Sendable>(
        port: Int, chromium: String, width: Int, height: Int, phone: Bool, language: String, _ body: (WebDriver) async throws -> Value
    ) async throws -> Value {
        let arguments = [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=\(width),\(height)",
            "--user-data-dir=\(TemporaryDirectory().path)", "--lang=\(language)",
        ]
        var options: [String: JSONValue] = [
            "binary": .string(chromium), "args": .array(arguments.map(JSONValue.string)),
            "prefs": .object(["intl.accept_languages": .string(language)]),
        ]
        if phone {
            let metrics: [String: JSONValue] = ["width": .number(Double(width)), "height": .number(Double(height)), "pixelRatio": .number(1)]
            options["mobileEmulation"] = .object(["deviceMetrics": .object(metrics)])
        }
        let capabilities = JSONValue.object([
            "browserName": .string("chrome"), "goog:chromeOptions": .object(options),
            // The console, for ``consoleMessages()``.
            "goog:loggingPrefs": .object(["browser": .string("ALL")]),
        ])
        let created = try await command(
            port: port, .post, "/session", .object(["capabilities": .object(["alwaysMatch": capabilities])]), name: "new session")
        guard case .string(let sessionID) = created["sessionId"] else {
            throw WebDriverError(command: "new session", error: "no session id", message: "\(created)")
        }
        let browser = WebDriver(port: port, sessionID: sessionID)
        do {
            // Finding an element waits for it up to 10 s: pages load after a click without a sleep in the tests.
            try await browser.command(.post, "/timeouts", .object(["implicit": .number(10_000)]), name: "set timeouts")
            let value = try await body(browser)
            try await browser.deleteSession()
            return value
        } catch {
            try? await browser.deleteSession()
            throw error
        }
    }

    package func navigate(to url: String) async throws {
        try await command(.post, "/url", .object(["url": .string(url)]), name: "navigate to")
    }

    package func currentURL() async throws -> String {
        try await command(.get, "/url", name: "get current URL").string
    }

    /// The first element matching the CSS `selector`, waited for up to 10 s.
    package func element(_ selector: String) async throws -> WebElement {
        let found = try await command(.post, "/element", .object(["using": .string("css selector"), "value": .string(selector)]), name: "find element")
        guard case .object(let reference) = found, case .string(let id)? = reference.values.first else {
            throw WebDriverError(command: "find element", error: "no element reference", message: "\(found)")
        }
        return WebElement(browser: self, id: id)
    }

    /// Clicks the element `selector` finds, then waits up to 10 s for the page it leads to: finding an element right
    /// after a click that navigates may otherwise find the old page's, which goes stale.
    package func clickAndWaitForNewPage(_ selector: String) async throws {
        try await waitingForNewPage("click \(selector)") { try await element(selector).click() }
    }

    /// Presses `keys` (``press(_:)``), then waits up to 10 s for the page they lead to.
    package func pressAndWaitForNewPage(_ keys: String) async throws {
        try await waitingForNewPage("press keys") { try await press(keys) }
    }

    private func waitingForNewPage(_ name: String, _ action: () async throws -> Void) async throws {
        try await execute("window.orangerieOldPage = true;")
        try await action()
        for _ in 0..<200 {
            if try await execute("return window.orangerieOldPage === undefined && document.readyState === 'complete';") == .bool(true) {
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw WebDriverError(command: name, error: "timeout", message: "no new page within 10 s")
    }

    /// Keys of the WebDriver protocol (W3C WebDriver §17.4.2), to send with ``press(_:)``.
    package enum Key {
        package static let tab = "\u{E004}"
        package static let enter = "\u{E007}"
    }

    /// Presses and releases each character of `keys` in turn, as a keyboard does, wherever the focus is.
    package func press(_ keys: String) async throws {
        let strokes = keys.map(String.init).flatMap { key -> [JSONValue] in
            [.object(["type": .string("keyDown"), "value": .string(key)]), .object(["type": .string("keyUp"), "value": .string(key)])]
        }
        let keyboard = JSONValue.object(["type": .string("key"), "id": .string("keyboard"), "actions": .array(strokes)])
        try await command(.post, "/actions", .object(["actions": .array([keyboard])]), name: "perform actions")
    }

    /// The text of the alert, confirm or prompt dialog the page opened; nil when none is open.
    package func openDialogText() async throws -> String? {
        do {
            return try await command(.get, "/alert/text", name: "get alert text").string
        } catch let error as WebDriverError where error.error == "no such alert" {
            return nil
        }
    }

    /// What the pages wrote to the console since the last call (Chromium's log, which also holds each
    /// Content-Security-Policy violation and failed load).
    package func consoleMessages() async throws -> [String] {
        let entries = try await command(.post, "/se/log", .object(["type": .string("browser")]), name: "get log")
        guard case .array(let list) = entries else { return [] }
        return list.map { $0["message"].string }
    }

    package func pageSource() async throws -> String {
        try await command(.get, "/source", name: "get page source").string
    }

    /// Runs `script` (a function body: `return …` gives the result) in the page, with `arguments`.
    @discardableResult
    package func execute(_ script: String, arguments: [JSONValue] = []) async throws -> JSONValue {
        try await command(.post, "/execute/sync", .object(["script": .string(script), "args": .array(arguments)]), name: "execute script")
    }

    /// A PNG of the viewport, written to `path` (its directory created).
    package func screenshot(to path: String) async throws {
        let base64 = try await command(.get, "/screenshot", name: "take screenshot").string
        guard let png = Data(base64Encoded: base64) else {
            throw WebDriverError(command: "take screenshot", error: "not Base64", message: "")
        }
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try png.write(to: URL(fileURLWithPath: path))
    }

    /// Resizes the window (outer size, in CSS pixels; Chromium keeps it at least 500 wide: see `phone`).
    package func setWindowSize(width: Int, height: Int) async throws {
        try await command(.post, "/window/rect", .object(["width": .number(Double(width)), "height": .number(Double(height))]), name: "set window rect")
    }

    /// Ends the session: the browser quits.
    func deleteSession() async throws {
        try await Self.command(port: port, .delete, "/session/\(sessionID)", nil, name: "delete session")
    }

    /// A command of this session: `path` is under `/session/ID`.
    @discardableResult
    func command(_ method: HTTPRequest.Method, _ path: String, _ parameters: JSONValue? = nil, name: String) async throws -> JSONValue {
        try await Self.command(port: port, method, "/session/\(sessionID)" + path, parameters ?? (method == .post ? .object([:]) : nil), name: name)
    }

    /// One WebDriver command: JSON in, the answer's `value` out, or its error thrown.
    @discardableResult
    private static func command(
        port: Int, _ method: HTTPRequest.Method, _ path: String, _ parameters: JSONValue?, name: String
    ) async throws -> JSONValue {
        let body = try parameters.map { ByteBuffer(bytes: try JSONEncoder().encode($0)) }
        let response = try await send(
            TestClient.Request(path, method: method, authority: "127.0.0.1:\(port)", headers: [.contentType: "application/json"], body: body),
            port: port)
        let answer = try JSONDecoder().decode(JSONValue.self, from: Data(response.body?.readableBytesView ?? ByteBuffer().readableBytesView))
        let value = answer["value"]
        guard response.head.status.code < 400 else {
            let message = value["message"].string.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            throw WebDriverError(command: name, error: value["error"].string, message: message)
        }
        return value
    }
}

extension WebDriver {
    /// How long one command may take (starting Chromium on a loaded machine takes seconds).
    static let commandTimeout: Duration = .seconds(120)

    /// Sends `request` to chromedriver on a connection of its own, closed after ``commandTimeout`` at the latest:
    /// HummingbirdTesting's own read timeout still waits for an answer that never comes.
    fileprivate static func send(_ request: TestClient.Request, port: Int) async throws -> TestClient.Response {
        let client = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: commandTimeout))
        client.connect()
        let watchdog = Task {
            try await Task.sleep(for: commandTimeout)
            try? await client.shutdown()
        }
        defer { watchdog.cancel() }
        do {
            let response = try await client.execute(request)
            try? await client.shutdown()
            return response
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}

/// An element of the page a ``WebDriver`` shows.
package struct WebElement: Sendable {
    let browser: WebDriver
    let id: String

    package func click() async throws {
        try await browser.command(.post, "/element/\(id)/click", name: "element click")
    }

    /// Types `text` into the element, after what it holds.
    package func type(_ text: String) async throws {
        try await browser.command(.post, "/element/\(id)/value", .object(["text": .string(text)]), name: "element send keys")
    }

    package func clear() async throws {
        try await browser.command(.post, "/element/\(id)/clear", name: "element clear")
    }

    /// The text as rendered (hidden text left out).
    package func text() async throws -> String {
        try await browser.command(.get, "/element/\(id)/text", name: "get element text").string
    }

    package func attribute(_ name: String) async throws -> String? {
        guard case .string(let value) = try await browser.command(.get, "/element/\(id)/attribute/\(name)", name: "get element attribute")
        else { return nil }
        return value
    }
}

/// A WebDriver command failed: the command, then the protocol's error code and the first line of its message.
package struct WebDriverError: Error, CustomStringConvertible {
    package var command: String
    package var error: String
    package var message: String

    package var description: String { "WebDriver \(command): \(error): \(message)" }
}

extension JSONValue {
    /// The member `key` of an object, `.null` otherwise.
    fileprivate subscript(key: String) -> JSONValue {
        guard case .object(let members) = self else { return .null }
        return members[key] ?? .null
    }

    /// The string this value is, or its JSON text.
    fileprivate var string: String {
        if case .string(let text) = self { return text }
        return (try? JSONEncoder().encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}
