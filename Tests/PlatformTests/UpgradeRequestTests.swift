import Foundation
import HTTPTypes
import Platform
import PlatformTesting
import Testing

/// A request offering to upgrade the connection (RFC 9110 §7.8), as Java's `HttpClient` sends by default: answered in
/// HTTP/1.1 with `Connection: close`, so that the client's next request goes on a new connection and is answered
/// (SwiftNIO's decoder reads nothing more on one that asked for an upgrade).
@Suite struct UpgradeRequestTests {
    static let upgradeRequest = """
        GET /healthz HTTP/1.1\r
        Host: 127.0.0.1\r
        Connection: Upgrade, HTTP2-Settings\r
        Upgrade: h2c\r
        HTTP2-Settings: AAEAAEAAAAIAAAABAAMAAABkAAQBAAAAAAUAAEAA\r
        \r

        """

    @Test func anUpgradeOfferIsAnsweredAndTheConnectionClosed() async throws {
        try await withPlatform(testConfiguration()) { platform in
            let answer = try await RawConnection.with(port: platform.port) { connection in
                try await connection.send(Self.upgradeRequest)
                return try await connection.readUntilClosed(timeout: .seconds(10))
            }
            let text = try #require(answer, "the connection stayed open: a next request on it would never be answered")
            #expect(text.hasPrefix("HTTP/1.1 200"))
            #expect(text.lowercased().contains("connection: close"))
            // The client's next request, on a new connection, is answered as usual.
            #expect(try await platform.request(.get, "/healthz").status == .ok)
        }
    }

    @Test func aRequestWithoutAnUpgradeOfferKeepsTheConnection() async throws {
        try await withPlatform(testConfiguration()) { platform in
            let answers = try await RawConnection.with(port: platform.port) { connection in
                try await connection.send(
                    "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                return try await connection.readUntilClosed(timeout: .seconds(10))
            }
            #expect(answers?.components(separatedBy: "HTTP/1.1 200").count == 3, "\(answers ?? "no answer")")
        }
    }
}
