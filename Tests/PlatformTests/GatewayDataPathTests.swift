import Foundation
import HTTPTypes
import NIOCore
import OAuthCore
import Platform
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

/// The gateway's channel data path when a side misbehaves or many come at once (issue 15, item 4): a client that
/// leaves mid-upload or mid-download has its upstream connection closed; an upstream that closes mid-answer has its
/// client's connection closed, not left hanging. (A thousand clients at once: ``GatewayLoadTests``.)
@Suite struct GatewayDataPathTests {
    /// What a raw upstream saw, in order.
    final class Sightings: Sendable {
        private let stream: AsyncStream<String>
        private let continuation: AsyncStream<String>.Continuation

        init() {
            (stream, continuation) = AsyncStream.makeStream(of: String.self)
        }

        func note(_ sighting: String) {
            continuation.yield(sighting)
        }

        /// The next sighting, or "nothing" after 30 s.
        func next() async -> String {
            await withTaskGroup(of: String?.self) { group in
                group.addTask {
                    var iterator = self.stream.makeAsyncIterator()
                    return await iterator.next()
                }
                group.addTask {
                    try? await Task.sleep(for: .seconds(30))
                    return nil
                }
                defer { group.cancelAll() }
                return await group.next().flatMap { $0 } ?? "nothing"
            }
        }
    }

    static func head(_ method: String, _ path: String, token: String, _ extra: String = "") -> String {
        "\(method) \(path) HTTP/1.1\r\nHost: gateway.test\r\nAuthorization: Bearer \(token)\r\n\(extra)\r\n"
    }

    /// A platform whose API `/raw/v1` leads to the raw upstream on `port`.
    static func withRawAPI(port: Int, _ body: @escaping @Sendable (RunningPlatform, _ token: String) async throws -> Void) async throws {
        let fixture = try await GatewayTests.Fixture(upstream: "http://127.0.0.1:\(port)")
        _ = try await fixture.admin.createAPI(name: "raw", basePath: "/raw/v1", upstream: "http://127.0.0.1:\(port)")
        _ = try await fixture.admin.subscribe(clientID: fixture.application.credentials.clientID, apiName: "raw")
        try await withPlatform(fixture.configuration) { platform in
            try await body(platform, try await GatewayTests.accessToken(platform, fixture.application.credentials))
        }
    }

    @Test func aClientLeavingMidUploadHasTheUpstreamRequestCut() async throws {
        let sightings = Sightings()
        try await RawConnection.serving({ upstream in
            guard let head = try await upstream.read(until: "\r\n\r\n", timeout: .seconds(30)) else { return sightings.note("no head") }
            if head.hasPrefix("GET /after") { return try await upstream.send("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok") }
            sightings.note("head")
            sightings.note(try await upstream.readUntilClosed(timeout: .seconds(30)) == nil ? "still open" : "closed")
        }) { port in
            try await Self.withRawAPI(port: port) { platform, token in
                try await RawConnection.with(port: platform.port) { client in
                    try await client.send(Self.head("POST", "/raw/v1/upload", token: token, "Content-Length: 10000000\r\n"))
                    try await client.send(String(repeating: "u", count: 100_000))
                    #expect(await sightings.next() == "head")
                }
                let sighting = await sightings.next()
                #expect(sighting == "closed")
                // Nothing is left behind: the next call goes through.
                let answer = try await GatewayTests.call(platform, "/raw/v1/after", token: token)
                #expect(answer.status == .ok)
            }
        }
    }

    @Test func aClientLeavingMidDownloadHasTheUpstreamConnectionClosed() async throws {
        let sightings = Sightings()
        let total = 1 << 30
        try await RawConnection.serving({ upstream in
            guard try await upstream.read(until: "\r\n\r\n", timeout: .seconds(30)) != nil else { return sightings.note("no head") }
            try await upstream.send("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: \(total)\r\n\r\n")
            let chunk = ByteBuffer(repeating: UInt8(ascii: "d"), count: 64 * 1024)
            var sent = 0
            do {
                while sent < total {
                    try await upstream.sendWritten(chunk)
                    sent += chunk.readableBytes
                }
                sightings.note("sent everything")
            } catch {
                // Back-pressure held the upstream to what the client read, and its connection closed when the client left.
                sightings.note(sent < total / 4 ? "cut" : "cut late, after \(sent) bytes")
            }
        }) { port in
            try await Self.withRawAPI(port: port) { platform, token in
                try await RawConnection.with(port: platform.port) { client in
                    try await client.send(Self.head("GET", "/raw/v1/download", token: token))
                    #expect(try await client.read(until: "ddddd", timeout: .seconds(30)) != nil)
                }
                let sighting = await sightings.next()
                #expect(sighting == "cut")
            }
        }
    }

    @Test func anUpstreamClosingMidAnswerClosesTheClientsConnection() async throws {
        try await RawConnection.serving({ upstream in
            guard try await upstream.read(until: "\r\n\r\n", timeout: .seconds(30)) != nil else { return }
            try await upstream.send("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\nonly the beginning")
        }) { port in
            try await Self.withRawAPI(port: port) { platform, token in
                let received = try await RawConnection.with(port: platform.port) { client in
                    try await client.send(Self.head("GET", "/raw/v1/cut", token: token))
                    return try await client.readUntilClosed(timeout: .seconds(30))
                }
                let answer = try #require(received, "the client's connection was left open")
                #expect(answer.hasPrefix("HTTP/1.1 200"))
                #expect(answer.hasSuffix("only the beginning"))
            }
        }
    }

    @Test func aKeptAliveUpstreamConnectionClosedAsItIsReusedIsReplacedForAnIdempotentCall() async throws {
        let connections = Sightings()
        try await RawConnection.serving({ upstream in
            connections.note("connection")
            guard try await upstream.read(until: "\r\n\r\n", timeout: .seconds(30)) != nil else { return }
            try await upstream.send("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nanswer")
            // The next request on this connection finds it closing, as an upstream's keep-alive timeout would.
            _ = try await upstream.read(until: "\r\n\r\n", timeout: .seconds(30))
        }) { port in
            try await Self.withRawAPI(port: port) { platform, token in
                let answers = try await platform.requestsOnOneConnection(
                    ["/raw/v1/first", "/raw/v1/second"], headers: [.authorization: "Bearer " + token])
                #expect(answers.map(\.status) == [.ok, .ok])
                #expect(answers.map(\.body) == ["answer", "answer"])
                #expect(await connections.next() == "connection")
                #expect(await connections.next() == "connection")
            }
        }
    }
}
