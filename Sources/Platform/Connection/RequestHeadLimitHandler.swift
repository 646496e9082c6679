import HTTPTypes
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import OAuthCore

/// Answers a request whose target or header section is larger than ``ConnectionLimits`` allow, before any
/// route sees it — 414 (RFC 9110 §15.5.15) or 431 (RFC 6585 §5) with Orange's error body — and closes the
/// connection. A head too large for the parser itself is answered 431 as well.
///
/// Nothing a client sends can make the gateway forward a head near the 64 KiB that crashes AsyncHTTPClient's
/// request state machine (issue 10, item 1).
final class RequestHeadLimitHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let limits: ConnectionLimits
    /// Requests passed on whose answer has not ended: a refusal is written only when there is none, so that
    /// it never interleaves with another answer.
    private var unanswered = 0
    /// After a refusal, the rest of what the client sends is dropped until the connection closes.
    private var refused = false

    init(limits: ConnectionLimits) {
        self.limits = limits
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refused else { return }
        if case .head(let head) = unwrapInboundIn(data) {
            if let refusal = refusal(of: head) {
                return refuse(refusal, context: context)
            }
            unanswered += 1
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { unanswered = max(0, unanswered - 1) }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? HTTPParserError, error == .headerOverflow {
            return refuse(.headerSectionTooLarge, context: context)
        }
        context.fireErrorCaught(error)
    }

    private func refusal(of head: HTTPRequest) -> OrangeError? {
        if (head.path?.utf8.count ?? 0) > limits.maximumRequestTargetLength { return .requestTargetTooLong }
        // RFC 9112 §5: each field line is `name: value` and CRLF.
        let size = head.headerFields.reduce(0) { $0 + $1.name.rawName.utf8.count + $1.value.utf8.count + 4 }
        return size > limits.maximumHeaderSectionSize ? .headerSectionTooLarge : nil
    }

    private func refuse(_ error: OrangeError, context: ChannelHandlerContext) {
        refused = true
        guard unanswered == 0 else {
            context.close(promise: nil)
            return
        }
        let body = context.channel.allocator.buffer(bytes: error.jsonBody)
        let status: HTTPResponse.Status = error == .requestTargetTooLong ? .uriTooLong : .requestHeaderFieldsTooLarge
        let head = HTTPResponse(
            status: status,
            headerFields: [.contentType: "application/json", .contentLength: String(body.readableBytes), .connection: "close"])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }
}
