import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PlatformServices
import PlatformStore
import Tracing

/// The API gateway: every request under an API's base path is checked, then forwarded to the API's upstream
/// (seed 001, "API Gateway", "API Proxy"; issue 3).
///
/// Checks, in order, each answered with Orange's error body: a bearer token (401 code 40), known and not
/// revoked (41), for a user's token a consent still given (41 "no consent has been found"), not expired (42);
/// the application active (403 code 51) and subscribed (403 code 50); the API not retired (404 code 60); for a
/// user's token, one of the API's scopes granted (403 code 50, `insufficient_scope`); the rate limit and the
/// quota (code 53); then what the API's policy enforces (issue 18): its OpenAPI contract (404 code 60, 405 code 61),
/// its request validation (400 codes 20–28, 415 code 68) and body limit (413 code 66). Every check reads memory: the
/// ``PlatformDirectory`` and the caches behind the ``AccessTokenVerifier``, the store only for what this instance
/// has not seen.
package struct APIGateway<Context: GatewayRequestContext>: RouterMiddleware {
    let checks: GatewayChecks
    private let proxy: UpstreamProxy
    let usage: UsageRecorder
    let upstreamMetrics: UpstreamMetrics
    var directory: PlatformDirectory { checks.directory }

    package init(
        directory: PlatformDirectory, verifier: AccessTokenVerifier, limiter: any RateLimiter, usage: UsageRecorder,
        connections: UpstreamConnections, vault: CredentialVault, configuration: GatewayConfiguration, scheme: String,
        publicURL: @escaping @Sendable (_ authority: String?) -> String, clock: WallClock = .system, metrics: PlatformMetrics = .none,
        tracer: any Tracer = NoOpTracer()
    ) {
        checks = GatewayChecks(
            directory: directory, verifier: verifier, limiter: limiter,
            authenticators: UpstreamAuthenticators(vault: vault, connections: connections), scheme: scheme,
            dpop: DPoPProofVerifier(clock: clock), publicURL: publicURL)
        self.usage = usage
        self.proxy = UpstreamProxy(client: connections.client, timeout: configuration.upstreamTimeout, tracer: tracer)
        upstreamMetrics = UpstreamMetrics(metrics: metrics)
    }

    /// The channel data path (issue 15, item 1) that serves this gateway's calls below the router, with the same
    /// checks, usage counting and metrics; `origin` finds who sent a request, `finished` logs and counts each call as
    /// the router's middlewares do theirs.
    package func dataPath(
        connections: UpstreamConnections, serverName: String, logger: Logger,
        origin: @escaping @Sendable (SocketAddress?, HTTPFields) -> GatewayDataPath.Origin,
        finished: @escaping @Sendable (GatewayDataPath.FinishedCall) -> Void
    ) -> GatewayDataPath {
        GatewayDataPath(
            checks: checks, usage: usage, upstreamMetrics: upstreamMetrics, pools: connections.channels,
            timeout: TimeAmount(connections.timeout), serverName: serverName, logger: logger, origin: origin, finished: finished)
    }

    /// Answers 404 code 60 for any path that is neither the platform's nor under a base path.
    package static func addFallbackRoutes(to router: Router<Context>) {
        for method in UpstreamProxy.methods {
            router.on("**", method: method) { _, _ in GatewayRefusal.resourceNotFound.response() }
        }
    }

    /// Handles requests under a base path; passes every other request on to the platform's own routes.
    package func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard !Validation.isPlatformPath(path), let api = directory.api(routing: path) else {
            return try await next(request, context)
        }
        let cors = CORSPolicy(origins: api.policy.corsOrigins)
        if cors.isPreflight(request) { return cors.preflight(request, methods: UpstreamProxy.methods.map(\.rawValue)) }
        var response =
            UpstreamProxy.methods.contains(request.method)
            ? await serve(request, api: api, context: context) : GatewayRefusal.methodNotAllowed.response()
        cors.allow(&response, for: request)
        return response
    }

    /// Answers the call and counts it (issue 13): by its application once the token named one, by the upstream's
    /// class of answer or the platform's refusal code, with the time to the answer's head.
    private func serve(_ request: Request, api: RegisteredAPI, context: Context) async -> Response {
        let started = ContinuousClock.now
        var clientID = ""
        let (response, outcome) = await answer(request, api: api, context: context, clientID: &clientID)
        usage.record(clientID: clientID, apiName: api.name, outcome: outcome, started: started)
        return response
    }

    private func answer(
        _ request: Request, api: RegisteredAPI, context: Context, clientID: inout String
    ) async -> (Response, UsageOutcome) {
        do {
            let call = GatewayChecks.Call(requestID: context.requestID, forwardingChain: context.forwardingChain, baseLogger: context.logger)
            let passed = try await checks.authorize(request.head, for: api, call: call, clientID: &clientID)
            guard let url = GatewayChecks.upstreamURL(path: request.uri.path, query: request.uri.query, api: api) else {
                throw GatewayRefusal.resourceNotFound
            }
            let body = try await enforceContract(on: request, api: api, context: context)
            let rules = try checks.forwardingRules(for: api, logger: context.logger)
            do {
                var response = try await upstreamMetrics.measure(api: api.name) { () async throws(UpstreamFailure) in
                    try await proxy.forward(request, body: body, to: url, caller: passed.caller, rules: rules)
                }
                response.headers.append(contentsOf: passed.limitHeaders)
                return (response, GatewayChecks.outcome(ofUpstream: response.status))
            } catch {
                let (refusal, outcome) = GatewayChecks.answer(to: error, api: api.name, logger: context.logger)
                return (refusal.response(), outcome)
            }
        } catch {
            let (refusal, outcome) = GatewayChecks.answer(toCheckFailure: error, api: api.name, logger: context.logger)
            return (refusal.response(), outcome)
        }
    }
}

extension HTTPFields {
    /// The `RateLimit-*` (and, when refused, `Retry-After`) fields of a limiter's decision.
    init(decision: RateLimitDecision) {
        self.init(decision.headerFields.compactMap { field in HTTPField.Name(field.name).map { HTTPField(name: $0, value: field.value) } })
    }
}
