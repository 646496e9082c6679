import Foundation
import Platform
import PlatformServices

/// Debian's `chromedriver`, started on a free port of 127.0.0.1 (`--port=0`: it prints the one it got), in a process
/// group of its own so that stopping it also stops the browsers it started.
struct ChromeDriverProcess: Sendable {
    let port: Int
    private let process: ChildProcess

    init(executable: String) async throws {
        let process = try ChildProcess(
            executable: executable, arguments: ["--port=0"], environment: ProcessInfo.processInfo.environment, processGroup: true)
        self.process = process
        // "ChromeDriver was started successfully on port 46359." on standard output; both outputs are then read
        // to their end, so that chromedriver never blocks on a full pipe.
        let (port, output) = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var buffer = ""
                var found: Int?
                while found == nil {
                    let chunk = process.standardOutput.availableData
                    if chunk.isEmpty { break }
                    buffer += String(decoding: chunk, as: UTF8.self)
                    found = buffer.firstMatch(of: /started successfully on port (\d+)/).flatMap { Int($0.output.1) }
                }
                continuation.resume(returning: (found, buffer))
                while !process.standardOutput.availableData.isEmpty {}
            }
        }
        Thread.detachNewThread { while !process.standardError.availableData.isEmpty {} }
        guard let port else {
            process.killAbruptly()
            let status = await BlockingWork.run { process.waitForExit() }
            throw WebDriverError(
                command: "start", error: "chromedriver did not start (wait status \(status))",
                message: "\(executable) said: \(output.suffix(500))")
        }
        self.port = port
    }

    /// Sends SIGTERM to chromedriver and its browsers, and waits for chromedriver to end.
    func stop() async {
        process.terminate()
        _ = await BlockingWork.run { process.waitForExit() }
    }
}

/// Whether this machine has the browser the page tests need, as `StoreDriver` says whether it has PostgreSQL: absent,
/// the tests are skipped, unless `CI` is set, where they fail (``WebDriver/withBrowser(width:height:_:)`` says what
/// is missing). `.ci/run` installs Debian's `chromium` and `chromium-driver`.
package enum BrowserInstallation {
    /// chromedriver's path, from `PATH`.
    static let chromedriver = find("chromedriver")
    /// Chromium's path, from `PATH`.
    static let chromium = find("chromium") ?? find("chromium-browser")

    /// For `@Suite(.enabled(if: BrowserInstallation.testsShouldRun))`.
    package static var testsShouldRun: Bool {
        (chromedriver != nil && chromium != nil) || ProcessInfo.processInfo.environment["CI"] != nil
    }

    static let missingMessage =
        "chromium and chromedriver are needed for the browser tests, and CI is set: apt-get install chromium chromium-driver (.ci/run does)"

    private static func find(_ program: String) -> String? {
        ChildProcess.executable(program, searchPath: ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    }
}
