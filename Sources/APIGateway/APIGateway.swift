import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import OAuthCore
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
    let directory: PlatformDirectory
    private let verifier: AccessTokenVerifier
    private let limiter: any RateLimiter
    private let proxy: UpstreamProxy
    let authenticators: UpstreamAuthenticators
    private let usage: UsageRecorder
    private let scheme: String
    private let upstreamMetrics: UpstreamMetrics

    package init(
        directory: PlatformDirectory, verifier: AccessTokenVerifier, limiter: any RateLimiter, usage: UsageRecorder,
        connections: UpstreamConnections, vault: CredentialVault, configuration: GatewayConfiguration, scheme: String,
        metrics: PlatformMetrics = .none, tracer: any Tracer = NoOpTracer()
    ) {
        self.directory = directory
        self.verifier = verifier
        self.limiter = limiter
        self.usage = usage
        self.proxy = UpstreamProxy(client: connections.client, timeout: configuration.upstreamTimeout, tracer: tracer)
        authenticators = UpstreamAuthenticators(vault: vault, connections: connections)
        self.scheme = scheme
        upstreamMetrics = UpstreamMetrics(metrics: metrics)
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
            let (caller, limitHeaders) = try await authorize(request, for: api, context: context, clientID: &clientID)
            guard let url = Self.upstreamURL(for: request, api: api) else { throw GatewayRefusal.resourceNotFound }
            let body = try await enforceContract(on: request, api: api, context: context)
            let rules = try forwardingRules(for: api, context: context)
            do {
                var response = try await upstreamMetrics.measure(api: api.name) { () async throws(UpstreamFailure) in
                    try await proxy.forward(request, body: body, to: url, caller: caller, rules: rules)
                }
                response.headers.append(contentsOf: limitHeaders)
                return (response, Self.outcome(ofUpstream: response.status))
            } catch .notAuthenticated(let error) {
                context.logger.warning("No token from the backend's authorization server", metadata: ["api": "\(api.name)", "error": "\(error)"])
                return (GatewayRefusal.backendAuthenticationFailed.response(), .upstreamFailure)
            } catch .requestBodyTooLarge {
                throw GatewayRefusal.entityTooLarge
            } catch .timedOut {
                context.logger.warning("Upstream timed out", metadata: ["api": "\(api.name)"])
                return (GatewayRefusal.gatewayTimeout.response(), .upstreamFailure)
            } catch .unreachable(let error) {
                context.logger.warning("Upstream unreachable", metadata: ["api": "\(api.name)", "error": "\(error)"])
                return (GatewayRefusal.serviceUnavailable.response(), .upstreamFailure)
            } catch .malformedRequestBody {
                context.logger.info("Malformed request body", metadata: ["api": "\(api.name)"])
                throw GatewayRefusal.badRequest
            }
        } catch let refusal as GatewayRefusal {
            return (refusal.response(), .refused(code: refusal.code))
        } catch {
            context.logger.error("Gateway failure", metadata: ["api": "\(api.name)", "error": "\(error)"])
            let failure = GatewayRefusal(.internalServerError, .internalError)
            return (failure.response(), .refused(code: failure.code))
        }
    }

    /// The class of the upstream's answer: 5xx a failure, 4xx the client's error, anything else a success.
    static func outcome(ofUpstream status: HTTPResponse.Status) -> UsageOutcome {
        switch status.kind {
        case .serverError: .upstreamFailure
        case .clientError: .clientError
        default: .success
        }
    }

    /// The checks of issue 3, in order; returns who calls, as the upstream will learn it, and the `RateLimit-*`
    /// headers.
    private func authorize(
        _ request: Request, for api: RegisteredAPI, context: Context, clientID: inout String
    ) async throws -> (UpstreamProxy.Caller, HTTPFields) {
        guard let token = AccessTokenVerifier.bearerToken(in: request.headers[values: .authorization]) else {
            throw GatewayRefusal.missingCredentials
        }
        let application: ClientApplication
        let issued: IssuedToken
        let subject: String?
        let verdict = try await verifier.verify(token)
        clientID = verdict.application?.clientID ?? ""
        switch verdict {
        case .valid(let token, let owner, let user): (issued, application, subject) = (token, owner, user)
        case .unknown: throw GatewayRefusal.invalidCredentials(token: token)
        case .noConsent: throw GatewayRefusal.noConsent
        case .expired: throw GatewayRefusal.expiredCredentials
        }
        guard application.status == .active else { throw GatewayRefusal.forbiddenRequester }
        guard application.subscriptions.contains(api.name) else { throw GatewayRefusal.accessDenied }
        guard api.status != .retired else { throw GatewayRefusal.resourceNotFound }
        guard Self.userConsented(issued, to: api) else { throw GatewayRefusal.scopeNotGranted }
        let limitHeaders = try await consumeLimits(
            api.limits.overridden(by: application.limitOverrides[api.name]), api: api, application: application, context: context)
        let caller = UpstreamProxy.Caller(
            clientID: application.clientID, subject: subject, scope: subject == nil ? nil : issued.scope,
            requestID: context.requestID, forwardingChain: context.forwardingChain, scheme: scheme, apiName: api.name)
        return (caller, limitHeaders)
    }

    /// Counts the call against the rate limit, then the quota: a call the rate limit refuses does not consume
    /// quota. Returns the `RateLimit-*` headers of the tighter limit. When the limiter cannot count (its shared
    /// database is down), the API's `limitFallback` decides: refuse with 503 code 5 (closed, the default) or let
    /// the call through uncounted (open).
    private func consumeLimits(
        _ limits: Limits, api: RegisteredAPI, application: ClientApplication, context: Context
    ) async throws -> HTTPFields {
        var tightest: RateLimitDecision?
        for (kind, allowance) in [(GatewayLimit.rate, limits.rate), (.quota, limits.quota)] {
            guard let allowance else { continue }
            let decision: RateLimitDecision
            do {
                decision = try await limiter.consume(key: kind.key(clientID: application.clientID, apiName: api.name), allowance: allowance)
            } catch {
                context.logger.error(
                    "Limit not counted", metadata: ["api": "\(api.name)", "fallback": "\(api.limitFallback)", "error": "\(error)"])
                guard api.limitFallback == .open else { throw GatewayRefusal.serviceUnavailable }
                continue
            }
            guard decision.allowed else {
                throw (api.limitStatus == 429 ? GatewayRefusal.tooManyRequests : .tooManyRequestsForbidden).with(decision)
            }
            if decision.remaining < tightest?.remaining ?? .max { tightest = decision }
        }
        return tightest.map { HTTPFields(decision: $0) } ?? [:]
    }

    /// A user's token (3-legged) reaches an API that declares scopes only when the user granted one of them
    /// (seed 003: the scope "tells the Authorization endpoint what kind of permissions to ask for"). An
    /// application's own token (client credentials) is judged by its subscription alone.
    static func userConsented(_ token: IssuedToken, to api: RegisteredAPI) -> Bool {
        guard token.grantID != nil, !api.scopes.isEmpty else { return true }
        return !Scopes(parsing: token.scope ?? "").tokens.isDisjoint(with: api.scopes)
    }

    /// The upstream URL: the API's upstream, the rest of the path after the base path, and the query. A path
    /// that could climb out of the upstream's own base path is refused (``UpstreamPath``).
    static func upstreamURL(for request: Request, api: RegisteredAPI) -> String? {
        let rest = request.uri.path.dropFirst(api.basePath.count)
        guard UpstreamPath.isSafe(rest) else { return nil }
        let query = request.uri.query.map { "?" + $0 } ?? ""
        return api.upstream + rest + query
    }
}

extension HTTPFields {
    /// The `RateLimit-*` (and, when refused, `Retry-After`) fields of a limiter's decision.
    init(decision: RateLimitDecision) {
        self.init(decision.headerFields.compactMap { field in HTTPField.Name(field.name).map { HTTPField(name: $0, value: field.value) } })
    }
}
