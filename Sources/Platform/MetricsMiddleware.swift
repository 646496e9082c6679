import AuthorizationServer
import Hummingbird
import Metrics
import PlatformServices
import PlatformStore

/// Counts every request once its response head is made (issue 14, item 1), from its path and what its handler noted
/// in ``RequestFacts``: requests by ``RouteClass`` and status with their latency; tokens issued by grant type and
/// endpoint; refusals by Orange code and by RFC 6749 error; gateway calls by API and outcome. Right inside
/// ``RequestFactsMiddleware``, so that it sees every request and the facts of each. The latency runs to the
/// response head: a streamed body's transfer is not in it.
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = PlatformRequestContext

    private struct RequestKey: Hashable, Sendable {
        var routeClass: RouteClass
        var status: Int
    }

    /// Two label values, and the application's client_id when ``PlatformMetrics/labelsClientIDs`` is on.
    private struct Series: Hashable, Sendable {
        var first: String
        var second: String
        var clientID: String?
    }

    private let metrics: PlatformMetrics
    private let requests: MetricHandles<RequestKey, Counter>
    private let durations: MetricHandles<RouteClass, Timer>
    private let tokensIssued: MetricHandles<Series, Counter>
    private let tokenErrors: MetricHandles<Series, Counter>
    private let refusals: MetricHandles<Series, Counter>
    private let gatewayCalls: MetricHandles<Series, Counter>
    private let gatewayRefusals: MetricHandles<Series, Counter>

    init(metrics: PlatformMetrics) {
        self.metrics = metrics
        requests = MetricHandles { metrics.counter("orangerie_http_requests_total", [("route_class", $0.routeClass.rawValue), ("status", "\($0.status)")]) }
        durations = MetricHandles { metrics.timer("orangerie_http_request_duration_seconds", [("route_class", $0.rawValue)]) }
        tokensIssued = MetricHandles { key in
            metrics.counter(
                "orangerie_tokens_issued_total",
                metrics.dimensions([("grant_type", key.first), ("endpoint", key.second)], clientID: key.clientID))
        }
        tokenErrors = MetricHandles { metrics.counter("orangerie_token_errors_total", [("endpoint", $0.first), ("error", $0.second)]) }
        refusals = MetricHandles { metrics.counter("orangerie_refusals_total", [("route_class", $0.first), ("code", $0.second)]) }
        gatewayCalls = MetricHandles { key in
            metrics.counter(
                "orangerie_gateway_calls_total", metrics.dimensions([("api", key.first), ("outcome", key.second)], clientID: key.clientID))
        }
        gatewayRefusals = MetricHandles { metrics.counter("orangerie_gateway_refusals_total", [("api", $0.first), ("code", $0.second)]) }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        do {
            let response = try await next(request, context)
            record(path: request.uri.path, status: response.status.code, since: started, facts: Self.facts)
            return response
        } catch {
            record(path: request.uri.path, status: (error as? any HTTPResponseError)?.status.code ?? 500, since: started, facts: Self.facts)
            throw error
        }
    }

    private static var facts: RequestFacts.Snapshot { RequestFacts.current?.snapshot ?? RequestFacts.Snapshot() }

    /// Counts one request; also the channel data path's (``GatewayDataPath/FinishedCall``).
    func record(path: String, status: Int, since started: ContinuousClock.Instant, facts: RequestFacts.Snapshot) {
        let routeClass = RouteClass(path: path, facts: facts)
        requests[RequestKey(routeClass: routeClass, status: status)].increment()
        durations[routeClass].record(duration: ContinuousClock.now - started)
        let clientID = metrics.labelsClientIDs ? facts.clientID : nil
        if case .refused(let code) = facts.outcome {
            refusals[Series(first: routeClass.rawValue, second: "\(code)")].increment()
        }
        if routeClass == .token {
            // The endpoint is one of the two token paths, never the path as the client wrote it.
            let endpoint = path.hasPrefix(TokenEndpoint.path) ? TokenEndpoint.path : OpenIDProvider.Paths.token
            if let error = facts.oauthError {
                tokenErrors[Series(first: endpoint, second: error)].increment()
            } else if facts.outcome == .success, let grantType = facts.grantType {
                tokensIssued[Series(first: grantType, second: endpoint, clientID: clientID)].increment()
            }
        }
        if let api = facts.apiName, let outcome = facts.outcome {
            gatewayCalls[Series(first: api, second: Self.label(outcome), clientID: clientID)].increment()
            if case .refused(let code) = outcome { gatewayRefusals[Series(first: api, second: "\(code)")].increment() }
        }
    }

    /// The outcome's class, without a refusal's code (which ``gatewayRefusals`` counts).
    private static func label(_ outcome: UsageOutcome) -> String {
        if case .refused = outcome { return "refused" }
        return outcome.storedValue
    }
}
