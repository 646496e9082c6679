import NIOCore
import NIOPosix

/// A TCP connection to the server that sends exactly the bytes a test gives it — malformed framing, half a
/// request head — and reads whatever comes back, for what a well-behaved HTTP client cannot send.
package struct RawConnection {
    private let inbound: NIOAsyncChannelInboundStream<ByteBuffer>
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>

    /// Connects to 127.0.0.1:`port` for the duration of `body`.
    package static func with<Value: Sendable>(
        port: Int, _ body: (RawConnection) async throws -> Value
    ) async throws -> Value {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .connectTimeout(.seconds(30))
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(
                        wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await body(RawConnection(inbound: inbound, outbound: outbound))
        }
    }

    /// One exchange: sends `request`, shuts the sending side when asked, and returns everything the server sends
    /// until it closes the connection — or what came within `timeout`, so that a hang fails a test instead of
    /// blocking it.
    package static func exchange(
        port: Int, _ request: String, halfClose: Bool = false, timeout: Duration = .seconds(30)
    ) async throws -> String {
        try await with(port: port) { connection in
            try await connection.send(request)
            if halfClose { connection.finishSending() }
            return try await connection.readUntilClosed(timeout: timeout) ?? ""
        }
    }

    package func send(_ text: String) async throws {
        try await outbound.write(ByteBuffer(string: text))
    }

    /// Sends FIN: the server sees the end of the request stream and may still answer.
    package func finishSending() {
        outbound.finish()
    }

    /// Everything the server sends until it closes the connection, or nil when `timeout` passes first.
    package func readUntilClosed(timeout: Duration) async throws -> String? {
        try await read(until: { _ in false }, timeout: timeout)
    }

    /// What the server sends until the text received contains `marker` (or the connection closes); nil when
    /// `timeout` passes first.
    package func read(until marker: String, timeout: Duration) async throws -> String? {
        try await read(until: { $0.contains(marker) }, timeout: timeout)
    }

    private func read(until done: @escaping @Sendable (String) -> Bool, timeout: Duration) async throws -> String? {
        let inbound = self.inbound
        return try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask {
                var received = ""
                do {
                    for try await buffer in inbound {
                        received += String(buffer: buffer)
                        if done(received) { break }
                    }
                } catch {
                    // A reset after the answer: what was read is the answer.
                }
                return received
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
    }
}
