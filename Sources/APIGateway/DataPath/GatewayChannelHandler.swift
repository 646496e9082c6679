import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// The channel data path's place in a client connection (issue 15, item 1), last of the handlers Hummingbird adds
/// after HTTP decoding: each request it can serve (``GatewayDataPath/api(serving:)``) becomes a ``ProxyExchange``;
/// any other goes on to Hummingbird's router, its parts passed through untouched.
///
/// Answers leave in the order requests came: while an exchange or a request passed on is unanswered, the next
/// request's parts wait here and the connection is not read. A graceful shutdown's quiescing waits for the exchange
/// in flight, then goes on to Hummingbird, which closes the idle connection.
package final class GatewayChannelHandler: ChannelDuplexHandler, RemovableChannelHandler {
    package typealias InboundIn = HTTPRequestPart
    package typealias InboundOut = HTTPRequestPart
    package typealias OutboundIn = HTTPResponsePart
    package typealias OutboundOut = HTTPResponsePart

    private let path: GatewayDataPath
    private(set) var pool: UpstreamChannelPool!
    private var context: ChannelHandlerContext?
    private var exchange: ProxyExchange?
    /// A request passed on to the router: whether its body and its answer are over.
    private var passedOn: (requestEnded: Bool, answerEnded: Bool)?
    /// Parts of requests that came before the one in hand was answered.
    private var waiting = CircularBuffer<HTTPRequestPart>()
    /// A read the channel asked for and that waits until this handler can take more.
    private var heldRead = false
    private var heldQuiesce = false
    private var closesAfterAnswer = false
    /// Whether a part went on to the router since the last read-complete, which it needs to see the part.
    private var passedSinceReadComplete = false

    init(path: GatewayDataPath) {
        self.path = path
    }

    package func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        pool = path.pools.pool(on: context.eventLoop)
    }

    package func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    package func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if waiting.isEmpty && take(part, context: context) { return }
        waiting.append(part)
    }

    /// Serves, passes on or (returning false) leaves waiting a part that arrived in order.
    private func take(_ part: HTTPRequestPart, context: ChannelHandlerContext) -> Bool {
        switch part {
        case .head(let head):
            guard exchange == nil, passedOn == nil else { return false }
            closesAfterAnswer = head.headerFields[values: .connection].contains { $0.lowercased().contains("close") }
            let target = GatewayDataPath.Target(head)
            if let api = path.api(serving: head, at: target) {
                let origin = path.origin(context.channel.remoteAddress, head.headerFields)
                let requestID = RequestID.of(head.headerFields)
                let exchange = ProxyExchange(
                    path: path, client: context, handler: self, head: head, target: target, api: api, requestID: requestID, origin: origin)
                self.exchange = exchange
                exchange.start()
            } else {
                passedOn = (false, false)
                passedSinceReadComplete = true
                context.fireChannelRead(wrapInboundOut(part))
            }
        case .body, .end:
            if let exchange {
                exchange.clientPart(part)
            } else {
                if case .end = part { passedOn?.requestEnded = true }
                passedSinceReadComplete = true
                context.fireChannelRead(wrapInboundOut(part))
                passedOnProgressed(context: context)
            }
        }
        return true
    }

    package func channelReadComplete(context: ChannelHandlerContext) {
        exchange?.clientReadComplete()
        passedSinceReadComplete = false
        context.fireChannelReadComplete()
    }

    /// Holds the channel's reads while a part waits or the exchange's upstream cannot take more.
    package func read(context: ChannelHandlerContext) {
        if holdsReads {
            heldRead = true
        } else {
            context.read()
        }
    }

    /// While a part waits, or the exchange's upstream cannot take more.
    private var holdsReads: Bool { !waiting.isEmpty || exchange?.pausesClient == true }

    /// Lets a held read go once nothing holds it any more.
    func updateReading() {
        guard heldRead, let context, !holdsReads else { return }
        heldRead = false
        context.read()
    }

    package func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        context.write(data, promise: promise)
        if case .end = unwrapOutboundIn(data), passedOn != nil {
            passedOn?.answerEnded = true
            passedOnProgressed(context: context)
        }
    }

    private func passedOnProgressed(context: ChannelHandlerContext) {
        guard let passedOn, passedOn.requestEnded, passedOn.answerEnded else { return }
        self.passedOn = nil
        takeWaiting(context: context)
    }

    func exchangeCompleted(_ completed: ProxyExchange) {
        guard let context, exchange === completed else { return }
        exchange = nil
        if closesAfterAnswer { return context.close(promise: nil) }
        if heldQuiesce {
            heldQuiesce = false
            context.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        }
        takeWaiting(context: context)
    }

    /// Takes the parts that waited, in order, until one must wait again.
    private func takeWaiting(context: ChannelHandlerContext) {
        while let part = waiting.popFirst() {
            guard take(part, context: context) else {
                waiting.prepend(part)
                break
            }
        }
        exchange?.clientReadComplete()
        if passedSinceReadComplete {
            passedSinceReadComplete = false
            context.fireChannelReadComplete()
        }
        updateReading()
    }

    package func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent, exchange != nil {
            heldQuiesce = true
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    package func channelWritabilityChanged(context: ChannelHandlerContext) {
        exchange?.clientWritabilityChanged()
        context.fireChannelWritabilityChanged()
    }

    package func channelInactive(context: ChannelHandlerContext) {
        exchange?.clientGone()
        exchange = nil
        context.fireChannelInactive()
    }

    package func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let exchange else { return context.fireErrorCaught(error) }
        exchange.clientFailed()
    }
}
