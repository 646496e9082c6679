import Logging
import NIOCore
import NIOHTTPTypes

/// Closes a connection whose client misses one of the ``ConnectionDeadlines``: a head not complete in time, an
/// idle kept-alive connection, a body read left waiting. Sits after the HTTP decoder, where it sees decoded
/// parts and, through `channelReadComplete`, every arrival of bytes, even those that complete no part.
///
/// Arming a deadline only notes when it falls due: one timer, set for the earliest time anything may be due, finds
/// out when it fires whether a deadline really passed, and sets itself again for the one still to come. A kept-alive
/// connection arms and disarms deadlines at every request; none of that sets or cancels a timer (issue 15).
final class ConnectionDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var deadlines: ConnectionDeadlines
    /// The deadline armed, and when it falls due.
    private var due: (deadline: ConnectionDeadlines.Deadline, at: NIODeadline)?
    private var timer: (task: Scheduled<Void>, at: NIODeadline)?
    private let logger: Logger

    init(limits: ConnectionLimits, logger: Logger) {
        deadlines = ConnectionDeadlines(limits: limits)
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { apply(deadlines.connectionOpened(), context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stopTimer()
    }

    func channelActive(context: ChannelHandlerContext) {
        apply(deadlines.connectionOpened(), context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopTimer()
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
            due = nil
        case .arm(let deadline, let duration):
            let at = NIODeadline.now() + TimeAmount(duration)
            due = (deadline, at)
            if let timer, timer.at <= at { return }  // it fires first, and sets itself again for this one
            stopTimer()
            setTimer(at: at, context: context)
        }
    }

    private func setTimer(at: NIODeadline, context: ChannelHandlerContext) {
        let task = context.eventLoop.assumeIsolated().scheduleTask(deadline: at) { [self] in
            timer = nil
            guard let due else { return }
            guard due.at <= .now() else { return setTimer(at: due.at, context: context) }
            self.due = nil
            deadlines.timerFired()
            logger.debug("Closing a slow connection", metadata: ["deadline": "\(due.deadline)"])
            context.close(promise: nil)
        }
        timer = (task, at)
    }

    private func stopTimer() {
        timer?.task.cancel()
        timer = nil
    }
}
