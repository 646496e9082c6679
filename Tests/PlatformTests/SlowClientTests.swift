import Foundation
import Platform
import PlatformServices
import PlatformTesting
import Testing

/// Clients that open connections and send half a request head cannot starve the server (issue 10, item 2).
@Suite struct SlowClientTests {
    /// `scripts/half-open-clients`, which holds the connections.
    static let halfOpenClients = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/half-open-clients").path

    @Test func halfOpenConnectionsAreShedAtTheHeadDeadline() async throws {
        let database = TemporaryDirectory().path + "/slow.sqlite"
        let server = try OrangerieProcess(
            ["serve", "--port", "0", "--database", database, "--request-head-timeout", "2"], openFilesLimit: 1024)
        defer { server.terminate() }
        let line = try #require(await server.standardErrorLine(containing: "Orangerie listening", drainingTheRest: true))
        let port = try #require(line.firstMatch(of: /127\.0\.0\.1:(\d+)/).flatMap { Int($0.1) })

        // The attacker is another process, so that this one keeps few descriptors.
        let attacker = try ChildProcess(
            executable: "/usr/bin/env", arguments: ["python3", Self.halfOpenClients, String(port), "1100", "60"],
            environment: ProcessInfo.processInfo.environment)
        try attacker.standardInput.close()
        let report = await BlockingWork.run {
            let text = String(decoding: attacker.standardOutput.readDataToEndOfFile(), as: UTF8.self)
            _ = attacker.waitForExit()
            return text
        }
        // Every one is closed within seconds: 2 s for those accepted at once, 2 s more for those the server left
        // in its backlog while it was full (a generous bound for a busy machine).
        let slowest = try #require(Double(report.trimmingCharacters(in: .whitespacesAndNewlines)), "half-open connections held: \(report)")
        #expect(slowest < 30)
        let served = try await eventually(within: .seconds(20)) {
            let answer = try await RawConnection.exchange(
                port: port, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", timeout: .seconds(10))
            return answer.hasPrefix("HTTP/1.1 200")
        }
        #expect(served)
    }
}
