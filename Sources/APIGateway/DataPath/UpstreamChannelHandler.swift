import NIOCore
import NIOHTTP1

/// The end of one pooled upstream connection (issue 15, item 1): hands the upstream's answer to the
/// ``ProxyExchange`` it serves, reads only when that exchange's client can take more (the channel does not read on
/// its own), and while idle in its ``UpstreamChannelPool`` watches for the upstream closing it.
final class UpstreamChannelHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    let endpoint: UpstreamEndpoint
    private weak var pool: UpstreamChannelPool?
    private var context: ChannelHandlerContext?
    /// The exchange this connection serves; nil while idle.
    var exchange: ProxyExchange?
    /// When it last went back to its pool.
    private(set) var parkedAt = NIODeadline.now()

    init(endpoint: UpstreamEndpoint, pool: UpstreamChannelPool) {
        self.endpoint = endpoint
        self.pool = pool
    }

    var isWritable: Bool { context?.channel.isWritable ?? false }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// Whether this idle connection can serve an exchange: still open.
    func takeFromPool() -> Bool {
        context?.channel.isActive ?? false
    }

    /// Waits for the next exchange, reading to learn early if the upstream closes the connection.
    func parkInPool() {
        exchange = nil
        parkedAt = .now()
        context?.read()
    }

    /// Writes a request part; ``flush()`` sends what was written.
    func write(_ part: HTTPClientRequestPart) {
        context?.write(wrapOutboundOut(part), promise: nil)
    }

    func flush() {
        context?.flush()
    }

    func read() {
        context?.read()
    }

    func close() {
        exchange = nil
        context?.close(promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let exchange else { return close() }  // an idle connection has nothing to say
        exchange.upstreamRead(unwrapInboundIn(data))
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        exchange?.upstreamReadComplete()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        exchange?.upstreamWritabilityChanged()
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let exchange {
            self.exchange = nil
            exchange.upstreamClosed()
        } else {
            pool?.forget(self)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        exchange?.upstreamFailed(error)
        context.close(promise: nil)
    }
}
