import NIOCore
import NIOPosix

/// A TCP connection to the server that sends exactly the bytes a test gives it — malformed framing, half a
/// request head — and reads whatever comes back, for what a well-behaved HTTP client cannot send.
package struct RawConnection {
    private let reader: Reader
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private let eventLoop: any EventLoop

    /// The one iterator NIO allows over what the peer sends, kept across reads; used by one read at a time.
    private final class Reader: @unchecked Sendable {
        var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator

        init(_ inbound: NIOAsyncChannelInboundStream<ByteBuffer>) {
            iterator = inbound.makeAsyncIterator()
        }
    }

    private init(
        inbound: NIOAsyncChannelInboundStream<ByteBuffer>, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, eventLoop: any EventLoop
    ) {
        reader = Reader(inbound)
        self.outbound = outbound
        self.eventLoop = eventLoop
    }

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
            try await body(RawConnection(inbound: inbound, outbound: outbound, eventLoop: channel.channel.eventLoop))
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

    /// A server on 127.0.0.1:0 that hands each connection to `serve`, for the duration of `body`: an upstream that
    /// misbehaves at the byte level (closes mid-answer) or tells when its client went away.
    package static func serving<Value: Sendable>(
        _ serve: @escaping @Sendable (RawConnection) async throws -> Void, _ body: (_ port: Int) async throws -> Value
    ) async throws -> Value {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(
                        wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
                }
            }
        let port = server.channel.localAddress?.port ?? 0
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await withThrowingDiscardingTaskGroup { connections in
                    try await server.executeThenClose { accepted in
                        for try await connection in accepted {
                            connections.addTask {
                                try? await connection.executeThenClose { inbound, outbound in
                                    try await serve(RawConnection(inbound: inbound, outbound: outbound, eventLoop: connection.channel.eventLoop))
                                }
                            }
                        }
                    }
                }
            }
            defer { group.cancelAll() }
            return try await body(port)
        }
    }

    package func send(_ text: String) async throws {
        try await outbound.write(ByteBuffer(string: text))
    }

    package func send(_ buffer: ByteBuffer) async throws {
        try await outbound.write(buffer)
    }

    /// Sends `buffer` and returns once the connection's event loop has written it, so that the next send waits while
    /// the connection is not writable: what was sent is then what the peer took, give or take the socket buffers. A
    /// plain ``send(_:)`` only queues, and a queue whose event loop falls behind (a busy machine) grows without bound.
    package func sendWritten(_ buffer: ByteBuffer) async throws {
        try await outbound.write(buffer)
        try await eventLoop.submit {}.get()
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
        let reader = self.reader
        return try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask {
                var received = ""
                do {
                    while let buffer = try await reader.iterator.next() {
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
