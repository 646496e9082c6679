import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Closes the connection after answering a request that asks to upgrade it (RFC 9110 §7.8), such as Java's
/// `HttpClient`, which by default offers `Upgrade: h2c` on the first request of each connection.
///
/// The platform never upgrades and answers such a request in HTTP/1.1, as §7.8 allows. But SwiftNIO's HTTP/1 decoder
/// stops parsing after any request it takes for an upgrade (swift-nio PR #2570, open), so the next request on that
/// connection would wait for an answer that never comes: with `Connection: close` the client sends it on a new one.
final class UpgradeRequestHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// Whether the request being answered asked for an upgrade.
    private var closeAfterAnswer = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head(let head) = unwrapInboundIn(data), head.headerFields[.upgrade] != nil {
            closeAfterAnswer = true
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard closeAfterAnswer else { return context.write(data, promise: promise) }
        switch unwrapOutboundIn(data) {
        case .head(var head):
            head.headerFields[.connection] = "close"
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            let written = promise ?? context.eventLoop.makePromise()
            written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
            context.write(data, promise: written)
        }
    }
}

extension HTTPField.Name {
    static let upgrade = HTTPField.Name("Upgrade")!
}
