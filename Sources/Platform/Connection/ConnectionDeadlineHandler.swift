import Logging
import NIOCore
import NIOHTTPTypes

/// Closes a connection whose client misses one of the ``ConnectionDeadlines``: a head not complete in time, an
/// idle kept-alive connection, a body read left waiting. Sits after the HTTP decoder, where it sees decoded
/// parts and, through `channelReadComplete`, every arrival of bytes, even those that complete no part.
final class ConnectionDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var deadlines: ConnectionDeadlines
    private var timer: Scheduled<Void>?
    private let logger: Logger

    init(limits: ConnectionLimits, logger: Logger) {
        deadlines = ConnectionDeadlines(limits: limits)
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { apply(deadlines.connectionOpened(), context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        apply(deadlines.connectionOpened(), context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: apply(deadlines.headReceived(), context: context)
        case .body: apply(deadlines.bodyPartReceived(), context: context)
        case .end: apply(deadlines.endReceived(), context: context)
        }
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        apply(deadlines.bytesArrived(), context: context)
        context.fireChannelReadComplete()
    }

    func read(context: ChannelHandlerContext) {
        apply(deadlines.readRequested(), context: context)
        context.read()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { apply(deadlines.answerEnded(), context: context) }
        context.write(data, promise: promise)
    }

    private func apply(_ action: ConnectionDeadlines.Action, context: ChannelHandlerContext) {
        switch action {
        case .none:
            return
        case .disarm:
            timer?.cancel()
            timer = nil
        case .arm(let deadline, let duration):
            timer?.cancel()
            timer = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(duration)) { [self] in
                timer = nil
                deadlines.timerFired()
                logger.debug("Closing a slow connection", metadata: ["deadline": "\(deadline)"])
                context.close(promise: nil)
            }
        }
    }
}
