import Foundation
import PlatformTesting
import Testing

@testable import Platform

/// Clients that open connections and send half a request head cannot starve the server (issue 10, item 2).
@Suite struct SlowClientTests {
    @Test func halfOpenConnectionsAreShedAtTheHeadDeadline() async throws {
        OpenFilesLimit.raiseToHardLimit()  // this test process holds 1,100 connections itself
        let database = TemporaryDirectory().path + "/slow.sqlite"
        let server = try OrangerieProcess(
            ["serve", "--port", "0", "--database", database, "--request-head-timeout", "2"], openFilesLimit: 1024)
        defer { server.terminate() }
        let line = try #require(await server.standardErrorLine(containing: "Orangerie listening"))
        let port = try #require(line.firstMatch(of: /127\.0\.0\.1:(\d+)/).flatMap { Int($0.1) })

        let start = ContinuousClock.now
        let shedWithin = try await withThrowingTaskGroup(of: Duration?.self) { group in
            for _ in 0..<1100 {
                group.addTask {
                    try await RawConnection.with(port: port) { connection in
                        try await connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
                        return try await connection.readUntilClosed(timeout: .seconds(60)) == nil ? nil : ContinuousClock.now - start
                    }
                }
            }
            var slowest = Duration.zero
            for try await shed in group {
                guard let shed else { return nil as Duration? }
                slowest = max(slowest, shed)
            }
            return slowest
        }
        // Every one is closed within seconds: 2 s for those accepted at once, 2 s more for those the server left
        // in its backlog while it was full (a generous bound for a busy machine).
        let slowest = try #require(shedWithin, "a half-open connection was held for a minute")
        #expect(slowest < .seconds(30))
        let served = try await eventually(within: .seconds(20)) {
            let answer = try await RawConnection.with(port: port) { connection in
                try await connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                return try await connection.readUntilClosed(timeout: .seconds(10))
            }
            return answer?.hasPrefix("HTTP/1.1 200") == true
        }
        #expect(served)
    }
}
