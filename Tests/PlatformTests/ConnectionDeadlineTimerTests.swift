import Foundation
import Platform
import PlatformTesting
import Testing

/// The connection deadlines' one lazy timer end to end (issue 15): a deadline armed after an earlier one's timer was
/// set still closes the connection when it falls due.
@Suite struct ConnectionDeadlineTimerTests {
    @Test func aKeptAliveConnectionIsClosedAtItsIdleDeadlineAfterAnAnswer() async throws {
        var configuration = testConfiguration()
        configuration.connectionLimits.requestHeadTimeout = .seconds(1)
        configuration.connectionLimits.idleTimeout = .seconds(2)
        try await withPlatform(configuration) { platform in
            try await RawConnection.with(port: platform.port) { connection in
                let sent = ContinuousClock.now  // the answer, and so the idle deadline's start, comes after
                try await connection.send("GET /healthz HTTP/1.1\r\nHost: platform.test\r\n\r\n")
                #expect(try await connection.read(until: "ok\n", timeout: .seconds(10)) != nil)
                // The head deadline's timer, set when the connection opened, fires first and finds the idle deadline
                // still to come: it must set itself again for it.
                let closed = try await connection.readUntilClosed(timeout: .seconds(15))
                #expect(closed != nil, "the idle connection was never closed")
                #expect(ContinuousClock.now - sent >= .seconds(2), "closed before the idle deadline")
            }
        }
    }
}
