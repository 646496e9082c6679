import HTTPTypes
import Logging
import NIOCore
import PlatformServices
import PlatformStore

/// The gateway's data path on SwiftNIO channels (issue 15, item 1): a ``GatewayChannelHandler`` in each client
/// connection's pipeline takes the calls it can serve itself, runs the same ``GatewayChecks`` as the router's
/// ``APIGateway``, then pipes request and response parts between the client's channel and a kept-alive upstream
/// connection of the same event loop (``UpstreamChannelPool``), with back-pressure both ways, instead of a round
/// through `async`/`await` per part. Every other request goes on to Hummingbird's router, unchanged.
///
/// It takes a call under an API's base path with a method the gateway forwards, unless the API's policy needs the
/// router's path: an OpenAPI contract, CORS, a client certificate to the backend; or the call sends
/// `Expect: 100-continue`. With tracing on, the router serves every call (``Platform`` makes no data path).
package struct GatewayDataPath: Sendable {
    /// Who sent a request: its client's address and the forwarding chain believed (trusted proxies only).
    package struct Origin: Sendable {
        package var client: String?
        package var chain: [String]

        package init(client: String?, chain: [String]) {
            self.client = client
            self.chain = chain
        }
    }

    /// A call the data path answered, for the request log and the metrics, as the router's middlewares see theirs.
    package struct FinishedCall: Sendable {
        package var method: HTTPRequest.Method
        package var path: String
        package var status: Int
        package var started: ContinuousClock.Instant
        package var facts: RequestFacts.Snapshot
        package var clientAddress: String?
        package var requestID: String
        package var baseLogger: Logger

        /// The logger of the call, with its request id: made only for a line to write.
        package var logger: Logger {
            var logger = baseLogger
            logger[metadataKey: "request_id"] = "\(requestID)"
            return logger
        }
    }

    let checks: GatewayChecks
    let usage: UsageRecorder
    let upstreamMetrics: UpstreamMetrics
    let pools: UpstreamChannelPools
    let timeout: TimeAmount
    let serverName: String
    let logger: Logger
    let origin: @Sendable (_ peer: SocketAddress?, _ fields: HTTPFields) -> Origin
    let finished: @Sendable (FinishedCall) -> Void

    /// A handler for one client connection.
    package func makeHandler() -> GatewayChannelHandler {
        GatewayChannelHandler(path: self)
    }

    /// A request's target, split once: its path and its query.
    struct Target: Sendable {
        var path: String
        var query: String?

        init(_ head: HTTPRequest) {
            let target = head.path ?? "/"
            guard let mark = target.firstIndex(of: "?") else {
                (path, query) = (target, nil)
                return
            }
            (path, query) = (String(target[..<mark]), String(target[target.index(after: mark)...]))
        }
    }

    /// The API a request is for, when this data path serves it; nil sends it to the router.
    func api(serving head: HTTPRequest, at target: Target) -> RegisteredAPI? {
        guard UpstreamProxy.methods.contains(head.method), head.headerFields[.expect] == nil,
            !Validation.isPlatformPath(target.path), let api = checks.directory.api(routing: target.path),
            api.policy.corsOrigins.isEmpty, checks.directory.contract(ofAPI: api.name) == nil
        else { return nil }
        if case .mutualTLS = api.policy.upstreamAuthentication { return nil }
        return api
    }
}
