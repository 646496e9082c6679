import HTTPTypes
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import OAuthClient
import PlatformServices
import PlatformStore

/// One call the channel data path serves (issue 15, item 1), on its client's event loop from start to end: the
/// checks (the one hop off the loop, for the token cache, the limiter and a backend's token), then request parts
/// piped to a pooled upstream connection and answer parts piped back, each side reading only while the other can
/// take what it reads.
///
/// What the router's path does, this does too: `X-OAPI-Request-Id` on every answer, the `RateLimit-*` fields, the
/// API's header rules, 504 when the upstream does not answer in time, 503 code 5 at once when it refuses or resets
/// the connection, 400 for a client body the parser refuses, 413 past the API's `--max-body`; a client that goes
/// away has its upstream connection closed, an upstream that closes mid-answer has the client's closed.
final class ProxyExchange {
    /// What the checks decided, sent back to the loop.
    private enum Verdict: Sendable {
        case refuse(GatewayRefusal, UsageOutcome)
        case forward(Forwarding)
    }

    private struct Forwarding: Sendable {
        var headers: HTTPHeaders
        var rest: String
        var limitHeaders: HTTPFields
        var rules: UpstreamProxy.Rules
        var backendToken: AccessToken?
    }

    private let path: GatewayDataPath
    private let client: ChannelHandlerContext
    private unowned let handler: GatewayChannelHandler
    private let head: HTTPRequest
    private let target: GatewayDataPath.Target
    private let api: RegisteredAPI
    private let requestID: String
    private let origin: GatewayDataPath.Origin
    private let started = ContinuousClock.now

    private var clientID = ""
    private var status: Int?
    private var outcome: UsageOutcome?
    private var forwarding: Forwarding?
    private var endpoint: UpstreamEndpoint?
    private var upstream: UpstreamChannelHandler?
    private var measurement: UpstreamMetrics.Measurement?
    /// Whether the pool watches this call's deadline.
    private var hasDeadline = false
    /// Request parts waiting for the upstream connection.
    private var pending: [HTTPClientRequestPart] = []
    private var pendingBytes = 0
    private var receivedBytes = 0
    private var bodySent = false
    private var reusedConnection = false
    private var retried = false
    private var upstreamError: (any Error)?
    private var upstreamReadWanted = false
    private var upstreamKeepsAlive = true
    /// The client's body is no longer the upstream's: the answer was given without it.
    private var discardsBody = false
    private(set) var requestEnded = false
    private(set) var responseEnded = false
    private var recorded = false

    /// The methods a request may be sent again with (RFC 9110 §9.2.2).
    private static let idempotent: Set<HTTPRequest.Method> = [.get, .head, .options, .put, .delete]

    /// Most of a client's body held while the checks run or the connection opens, before its reading pauses.
    private static let pendingLimit = 256 * 1024

    init(
        path: GatewayDataPath, client: ChannelHandlerContext, handler: GatewayChannelHandler, head: HTTPRequest,
        target: GatewayDataPath.Target, api: RegisteredAPI, requestID: String, origin: GatewayDataPath.Origin
    ) {
        self.path = path
        self.client = client
        self.handler = handler
        self.head = head
        self.target = target
        self.api = api
        self.requestID = requestID
        self.origin = origin
    }

    /// Whether the client's reading waits: its body is held, or the upstream cannot take more.
    var pausesClient: Bool {
        if discardsBody || requestEnded { return false }
        if let upstream { return !upstream.isWritable }
        return pendingBytes >= Self.pendingLimit
    }

    var isComplete: Bool { requestEnded && responseEnded }

    /// The logger of this call, with its request id.
    private var logger: Logger { call.logger }

    // MARK: - Checks

    /// Checks the call on the loop when everything the checks read is in memory; otherwise takes the one hop off it,
    /// for the store, a shared limiter or a backend's token.
    func start() {
        var clientID = ""
        let verdict: Verdict
        do {
            guard let passed = try path.checks.authorizeImmediately(head, for: api, call: call, clientID: &clientID) else {
                let exchange = NIOLoopBound(self, eventLoop: client.eventLoop)
                let head = head
                let target = target
                let api = api
                let (checks, call) = (path.checks, call)
                Task { await ProxyExchange.check(head, at: target, api: api, checks: checks, call: call, answering: exchange) }
                return
            }
            var forwarding = try Self.forwarding(head, at: target, api: api, passed: passed, checks: path.checks, call: call)
            guard forwarding.rules.authenticator.authenticateImmediately(&forwarding.headers) else {
                let exchange = NIOLoopBound(self, eventLoop: client.eventLoop)
                let (api, logger) = (api, logger)
                Task { [clientID, forwarding] in
                    let verdict = await ProxyExchange.authenticated(forwarding, api: api, logger: logger)
                    exchange.eventLoop.execute { exchange.value.checked(verdict, clientID: clientID) }
                }
                return
            }
            verdict = .forward(forwarding)
        } catch {
            verdict = Self.verdict(for: error, api: api, logger: logger)
        }
        checked(verdict, clientID: clientID)
    }

    private var call: GatewayChecks.Call {
        GatewayChecks.Call(requestID: requestID, forwardingChain: origin.chain, baseLogger: path.logger)
    }

    /// Runs the checks off the loop, then hands their verdict to `exchange` on its loop.
    private static func check(
        _ head: HTTPRequest, at target: GatewayDataPath.Target, api: RegisteredAPI, checks: GatewayChecks, call: GatewayChecks.Call,
        answering exchange: NIOLoopBound<ProxyExchange>
    ) async {
        var clientID = ""
        let verdict: Verdict
        do {
            let passed = try await checks.authorize(head, for: api, call: call, clientID: &clientID)
            let forwarding = try forwarding(head, at: target, api: api, passed: passed, checks: checks, call: call)
            verdict = await authenticated(forwarding, api: api, logger: call.logger)
        } catch {
            verdict = Self.verdict(for: error, api: api, logger: call.logger)
        }
        exchange.eventLoop.execute { [clientID] in exchange.value.checked(verdict, clientID: clientID) }
    }

    /// What the upstream is asked, once the checks passed: the path, the body limit, the fields, the API's rules.
    private static func forwarding(
        _ head: HTTPRequest, at target: GatewayDataPath.Target, api: RegisteredAPI, passed: GatewayChecks.Passed, checks: GatewayChecks,
        call: GatewayChecks.Call
    ) throws -> Forwarding {
        guard let rest = GatewayChecks.upstreamRest(path: target.path, query: target.query, api: api) else {
            throw GatewayRefusal.resourceNotFound
        }
        if let limit = api.policy.maximumBodyBytes, let length = head.headerFields[.contentLength].flatMap(Int.init), length > limit {
            throw GatewayRefusal.entityTooLarge
        }
        let rules = try checks.forwardingRules(for: api, logger: call.logger)
        let headers = UpstreamProxy.upstreamHeaders(of: head, caller: passed.caller, rules: rules.requestHeaders)
        return Forwarding(headers: headers, rest: rest, limitHeaders: passed.limitHeaders, rules: rules, backendToken: nil)
    }

    /// The forwarding with the backend's credential, a token of its own authorization server included.
    private static func authenticated(_ forwarding: Forwarding, api: RegisteredAPI, logger: Logger) async -> Verdict {
        var forwarding = forwarding
        do {
            forwarding.backendToken = try await forwarding.rules.authenticator.authenticate(&forwarding.headers)
            return .forward(forwarding)
        } catch {
            let (refusal, outcome) = GatewayChecks.answer(to: error, api: api.name, logger: logger)
            return .refuse(refusal, outcome)
        }
    }

    private static func verdict(for error: any Error, api: RegisteredAPI, logger: @autoclosure () -> Logger) -> Verdict {
        let (refusal, outcome) = GatewayChecks.answer(toCheckFailure: error, api: api.name, logger: logger())
        return .refuse(refusal, outcome)
    }

    private func checked(_ verdict: Verdict, clientID: String) {
        self.clientID = clientID
        guard !recorded else { return }  // the client went away meanwhile
        switch verdict {
        case .refuse(let refusal, let outcome):
            answer(refusal, outcome: outcome)
        case .forward(let forwarding):
            guard let endpoint = handler.pool.endpoint(of: api.upstream) else {
                return answer(.serviceUnavailable, outcome: .upstreamFailure)
            }
            self.forwarding = forwarding
            self.endpoint = endpoint
            measurement = path.upstreamMetrics.start(api: api.name)
            handler.pool.watch(self, until: .now() + path.timeout)
            hasDeadline = true
            connect()
        }
    }

    private func connect() {
        guard let endpoint else { return }
        handler.pool.connection(to: endpoint) { [self] result in
            switch result {
            case .success(let (connection, reused)):
                guard !recorded, !responseEnded else { return connection.close() }
                reusedConnection = reused
                attach(connection)
            case .failure(let error):
                fail(.unreachable(error))
            }
        }
    }

    // MARK: - Request

    private func attach(_ connection: UpstreamChannelHandler) {
        guard let forwarding, let endpoint else { return }
        upstream = connection
        connection.exchange = self
        var headers = forwarding.headers
        headers.replaceOrAdd(name: "Host", value: endpoint.authority)
        if head.headerFields[.transferEncoding] != nil { headers.replaceOrAdd(name: "Transfer-Encoding", value: "chunked") }
        let method = HTTPMethod(rawValue: head.method.rawValue)
        connection.write(.head(HTTPRequestHead(version: .http1_1, method: method, uri: endpoint.target(forwarding.rest), headers: headers)))
        for part in pending { connection.write(part) }
        connection.flush()
        bodySent = bodySent || pendingBytes > 0
        pending = []
        pendingBytes = 0
        upstreamReadWanted = true
        connection.read()
        handler.updateReading()
    }

    /// A part of the client's body, or its end.
    func clientPart(_ part: HTTPRequestPart) {
        switch part {
        case .head:
            return
        case .body(let buffer):
            guard !discardsBody else { return }
            receivedBytes += buffer.readableBytes
            if let limit = api.policy.maximumBodyBytes, receivedBytes > limit { return fail(.requestBodyTooLarge) }
            send(.body(.byteBuffer(buffer)), bytes: buffer.readableBytes)
        case .end:
            requestEnded = true
            if !discardsBody { send(.end(nil), bytes: 0) }
            if isComplete { finish() }
        }
    }

    /// Sends what the client's last read brought to the upstream, in one write.
    func clientReadComplete() {
        upstream?.flush()
    }

    private func send(_ part: HTTPClientRequestPart, bytes: Int) {
        if let upstream {
            upstream.write(part)
            bodySent = bodySent || bytes > 0
        } else {
            pending.append(part)
            pendingBytes += bytes
        }
    }

    // MARK: - Answer

    func upstreamRead(_ part: HTTPClientResponsePart) {
        switch part {
        case .head(let response):
            guard response.status.code >= 200 else { return }  // 1xx: the gateway asked for none
            dropDeadline()
            measurement?.answered()
            measurement = nil
            upstreamKeepsAlive = response.isKeepAlive
            if response.status == .unauthorized, let token = forwarding?.backendToken, let authenticator = forwarding?.rules.authenticator {
                Task { await authenticator.forget(token) }
            }
            var fields = UpstreamProxy.clientHeaders(ofUpstream: response.headers, rules: forwarding?.rules.responseHeaders ?? HeaderRules())
            fields.append(contentsOf: forwarding?.limitHeaders ?? [:])
            let status = HTTPResponse.Status(code: Int(response.status.code), reasonPhrase: response.status.reasonPhrase)
            self.status = status.code
            outcome = GatewayChecks.outcome(ofUpstream: status)
            writeHead(HTTPResponse(status: status, headerFields: fields))
        case .body(let buffer):
            client.write(NIOAny(HTTPResponsePart.body(buffer)), promise: nil)
        case .end:
            client.writeAndFlush(NIOAny(HTTPResponsePart.end(nil)), promise: nil)
            responseEnded = true
            let connection = upstream
            detachUpstream()
            if let connection {
                if requestEnded && upstreamKeepsAlive { handler.pool.release(connection) } else { connection.close() }
            }
            if !requestEnded { discardsBody = true }
            record()
            if isComplete { finish() }
            handler.updateReading()
        }
    }

    func upstreamReadComplete() {
        client.flush()
        if client.channel.isWritable { upstream?.read() } else { upstreamReadWanted = true }
    }

    func clientWritabilityChanged() {
        guard client.channel.isWritable, upstreamReadWanted else { return }
        upstreamReadWanted = false
        upstream?.read()
    }

    func upstreamWritabilityChanged() {
        handler.updateReading()
    }

    func upstreamFailed(_ error: any Error) {
        upstreamError = error
    }

    /// The upstream connection closed before the answer was complete.
    func upstreamClosed() {
        upstream = nil
        if status == nil {
            // A kept-alive connection the upstream had closed as it was reused: an idempotent request (RFC 9110
            // §9.2.2) is sent again, once, on a new one, when nothing of its body has gone yet.
            if reusedConnection, !retried, !bodySent, !recorded, Self.idempotent.contains(head.method) {
                retried = true
                pending = requestEnded ? [.end(nil)] : []
                return connect()
            }
            return fail(.unreachable(upstreamError ?? ChannelError.eof))
        }
        // Mid-answer: the client cannot be told but by closing its connection.
        responseEnded = true
        record()
        client.close(promise: nil)
    }

    /// No answer came: the client gets the refusal of `failure` if it has had nothing yet, else its connection closes.
    /// The upstream did not answer in time: 504.
    func timedOut() {
        hasDeadline = false
        fail(.timedOut)
    }

    private func dropDeadline() {
        guard hasDeadline else { return }
        hasDeadline = false
        handler.pool.letGo(self)
    }

    private func fail(_ failure: UpstreamFailure) {
        guard !responseEnded else { return }
        dropDeadline()
        measurement?.failed(failure)
        measurement = nil
        let connection = upstream
        detachUpstream()
        connection?.close()
        guard status == nil else {
            responseEnded = true
            record()
            return client.close(promise: nil)
        }
        let (refusal, outcome) = GatewayChecks.answer(to: failure, api: api.name, logger: logger)
        answer(refusal, outcome: outcome)
    }

    /// Answers with the gateway's own refusal; the rest of the client's body is read and dropped.
    private func answer(_ refusal: GatewayRefusal, outcome: UsageOutcome) {
        status = refusal.status.code
        self.outcome = outcome
        var fields = refusal.headers
        fields[.contentType] = "application/json"
        fields[.contentLength] = String(refusal.body.readableBytes)
        writeHead(HTTPResponse(status: refusal.status, headerFields: fields))
        client.write(NIOAny(HTTPResponsePart.body(refusal.body)), promise: nil)
        client.writeAndFlush(NIOAny(HTTPResponsePart.end(nil)), promise: nil)
        responseEnded = true
        if !requestEnded { discardsBody = true }
        pending = []
        pendingBytes = 0
        record()
        if isComplete { finish() }
        handler.updateReading()
    }

    private func writeHead(_ response: HTTPResponse) {
        var response = response
        response.headerFields[RequestID.field] = requestID
        response.headerFields[.date] = HTTPDate.now
        response.headerFields[.server] = path.serverName
        client.write(NIOAny(HTTPResponsePart.head(response)), promise: nil)
    }

    private func detachUpstream() {
        upstream?.exchange = nil
        upstream = nil
    }

    // MARK: - End

    /// The client went away: its upstream connection is closed, nothing is kept.
    func clientGone() {
        dropDeadline()
        let connection = upstream
        detachUpstream()
        connection?.close()
        if let measurement {
            measurement.abandoned()
            self.measurement = nil
        }
        if outcome == nil { outcome = .clientError }
        responseEnded = true
        requestEnded = true
        record()
    }

    /// The client's request could not be parsed: 400 if it has had no answer yet; either way its connection closes.
    func clientFailed() {
        if status == nil {
            fail(.malformedRequestBody)
        }
        requestEnded = true
        client.close(promise: nil)
    }

    /// Counts the call (issue 13) and hands it to the request log and the metrics, once.
    private func record() {
        guard !recorded else { return }
        recorded = true
        let outcome = outcome ?? .clientError
        path.usage.record(clientID: clientID, apiName: api.name, outcome: outcome, started: started)
        var facts = RequestFacts.Snapshot()
        facts.clientID = clientID.isEmpty ? nil : clientID
        facts.apiName = api.name
        facts.outcome = outcome
        path.finished(
            GatewayDataPath.FinishedCall(
                method: head.method, path: target.path, status: status ?? 499, started: started, facts: facts,
                clientAddress: origin.client, requestID: requestID, baseLogger: path.logger))
    }

    private func finish() {
        handler.exchangeCompleted(self)
    }
}
