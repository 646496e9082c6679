import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// The redirect endpoint of a native app or a command-line tool (RFC 8252 §7.3): an HTTP listener on
/// `127.0.0.1` and a free port that takes the browser's callback, answers "you can close this tab", and hands
/// the callback URL to ``AuthorizationCodeFlow/handleCallback(_:)``. Register `http://127.0.0.1/callback` with
/// the provider: it accepts any port on a loopback IP literal.
///
/// ```swift
/// let receiver = try await LoopbackRedirectReceiver.start()
/// let flow = try await AuthorizationCodeFlow.discover(issuer: issuer, credentials: credentials, redirectURI: receiver.redirectURI)
/// print("Sign in at", try await flow.authorizationURL())
/// let signIn = try await flow.handleCallback(try await receiver.callback())
/// ```
public final class LoopbackRedirectReceiver: Sendable {
    /// `http://127.0.0.1:PORT/callback`.
    public let redirectURI: String
    private let origin: String
    private let channel: any Channel
    private let callbacks: AsyncStream<String>

    private init(channel: any Channel, port: Int, path: String, callbacks: AsyncStream<String>) {
        self.channel = channel
        origin = "http://127.0.0.1:\(port)"
        redirectURI = origin + path
        self.callbacks = callbacks
    }

    /// Listens on 127.0.0.1 and a free port (never another interface).
    public static func start(path: String = "/callback") async throws -> LoopbackRedirectReceiver {
        let (callbacks, continuation) = AsyncStream.makeStream(of: String.self)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(CallbackHandler(path: path, callbacks: continuation))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return LoopbackRedirectReceiver(channel: channel, port: channel.localAddress?.port ?? 0, path: path, callbacks: callbacks)
    }

    /// The first callback's URL, within `timeout`; the listener is closed afterwards.
    public func callback(timeout: Duration = .seconds(300)) async throws -> URL {
        defer { channel.close(promise: nil) }
        let received: String?
        do {
            received = try await withTimeLimit(timeout) { [callbacks] in await callbacks.first { _ in true } }
        } catch is TimeLimitExceeded {
            received = nil
        }
        guard let received, let url = URL(string: origin + received) else {
            throw OAuthClientError.invalidCallback("no browser came back to \(redirectURI) in time")
        }
        return url
    }

    /// Stops listening.
    public func close() async {
        try? await channel.close()
    }
}

/// Answers the callback request and passes its target on; any other path gets a 404.
private final class CallbackHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let path: String
    private let callbacks: AsyncStream<String>.Continuation

    init(path: String, callbacks: AsyncStream<String>.Continuation) {
        self.path = path
        self.callbacks = callbacks
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(let head) = unwrapInboundIn(data) else { return }
        let isCallback = head.method == .GET && head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) == path
        let page =
            isCallback
            ? """
            <!DOCTYPE html><html lang="en"><meta charset="utf-8"><title>Signed in</title>
            <body style="font-family: system-ui, sans-serif; margin: 3rem"><h1>Signed in</h1>
            <p>You can close this tab and go back to the application.</p></body></html>
            """ : "Not found\n"
        var headers = HTTPHeaders([
            ("Content-Type", isCallback ? "text/html; charset=utf-8" : "text/plain"), ("Cache-Control", "no-store"),
            ("Referrer-Policy", "no-referrer"), ("Connection", "close"), ("Content-Length", "\(page.utf8.count)"),
        ])
        headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: isCallback ? .ok : .notFound, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: page)))), promise: nil)
        let closed = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in closed.close(promise: nil) }
        if isCallback { callbacks.yield(head.uri) }
    }
}
