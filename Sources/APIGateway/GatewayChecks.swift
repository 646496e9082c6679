import HTTPTypes
import Logging
import OAuthCore
import PlatformServices
import PlatformStore

/// The gateway's checks of issue 3, in order, shared by both data paths: the router's (``APIGateway``) and the
/// channels' (``GatewayChannelHandler``). A bearer token (401 code 40), known and not revoked (41), for a user's token
/// a consent still given (41 "no consent has been found"), not expired (42); the application active (403 code 51)
/// and subscribed (403 code 50); the API not retired (404 code 60); for a user's token, one of the API's scopes
/// granted (403 code 50, `insufficient_scope`); the rate limit and the quota (code 53). A token bound to a DPoP key
/// needs the `DPoP` scheme and a proof of the key for this call, and an API that requires DPoP refuses any other
/// token (401 code 41 with a `WWW-Authenticate: DPoP` challenge; RFC 9449 §7). Every check reads memory:
/// the ``PlatformDirectory`` and the caches behind the ``AccessTokenVerifier``, the store only for what this
/// instance has not seen.
struct GatewayChecks: Sendable {
    let directory: PlatformDirectory
    let verifier: AccessTokenVerifier
    let limiter: any RateLimiter
    let authenticators: UpstreamAuthenticators
    /// `http` or `https`: what the upstream learns as `X-Forwarded-Proto`.
    let scheme: String
    /// Checks the DPoP proofs of calls with DPoP-bound tokens.
    let dpop: DPoPProofVerifier
    /// The public base URL a request with this `Host` was sent to, for a DPoP proof's `htu`.
    let publicURL: @Sendable (_ authority: String?) -> String

    /// What the checks learn of one call besides its head.
    struct Call {
        var requestID: String
        /// From the client to this server's peer: `X-Forwarded-For`.
        var forwardingChain: [String]
        var baseLogger: Logger

        /// The logger of the call, with its request id: made only for a line to write.
        var logger: Logger {
            var logger = baseLogger
            logger[metadataKey: "request_id"] = "\(requestID)"
            return logger
        }
    }

    /// What a call that passed the checks is forwarded with.
    struct Passed {
        var caller: UpstreamProxy.Caller
        /// The `RateLimit-*` fields of the tighter limit, for the answer.
        var limitHeaders: HTTPFields
    }

    /// Runs the checks; sets `clientID` as soon as the token names an application, so that usage counts a refusal
    /// against it (issue 13).
    func authorize(_ head: HTTPRequest, for api: RegisteredAPI, call: Call, clientID: inout String) async throws -> Passed {
        let token = try Self.presentedToken(of: head)
        let admitted = try admit(try await verifier.verify(token.value), token: token, of: head, to: api, clientID: &clientID)
        var tightest: RateLimitDecision?
        for (kind, allowance) in admitted.allowances {
            let decision: RateLimitDecision
            do {
                decision = try await limiter.consume(key: kind.key(clientID: clientID, apiName: api.name), allowance: allowance)
            } catch {
                // When the limiter cannot count (its shared database is down), the API's `limitFallback` decides:
                // refuse with 503 code 5 (closed, the default) or let the call through uncounted (open).
                call.logger.error("Limit not counted", metadata: ["api": "\(api.name)", "fallback": "\(api.limitFallback)", "error": "\(error)"])
                guard api.limitFallback == .open else { throw GatewayRefusal.serviceUnavailable }
                continue
            }
            try Self.weigh(decision, for: api, tightest: &tightest)
        }
        return admitted.passed(call: call, scheme: scheme, tightest: tightest)
    }

    /// ``authorize(_:for:call:clientID:)`` without waiting, when everything it reads is in memory (the token, its
    /// consent, the limiter's counters): the channel data path then never leaves its event loop (issue 15). Nil when
    /// a check would have to wait, before anything is counted.
    func authorizeImmediately(_ head: HTTPRequest, for api: RegisteredAPI, call: Call, clientID: inout String) throws -> Passed? {
        let token = try Self.presentedToken(of: head)
        guard let verdict = verifier.verifyImmediately(token.value) else { return nil }
        let admitted = try admit(verdict, token: token, of: head, to: api, clientID: &clientID)
        guard admitted.allowances.isEmpty || limiter.decidesImmediately else { return nil }
        var tightest: RateLimitDecision?
        for (kind, allowance) in admitted.allowances {
            let key = kind.key(clientID: clientID, apiName: api.name)
            guard let decision = limiter.consumeImmediately(key: key, limit: allowance.count, period: allowance.period) else { return nil }
            try Self.weigh(decision, for: api, tightest: &tightest)
        }
        return admitted.passed(call: call, scheme: scheme, tightest: tightest)
    }

    /// A call whose token and application passed, before its limits are counted.
    private struct Admitted {
        var application: ClientApplication
        var issued: IssuedToken
        var subject: String?
        var api: RegisteredAPI
        /// The rate limit, then the quota: a call the rate limit refuses does not consume quota.
        var allowances: [(GatewayLimit, Allowance)]

        func passed(call: Call, scheme: String, tightest: RateLimitDecision?) -> Passed {
            let caller = UpstreamProxy.Caller(
                clientID: application.clientID, subject: subject, scope: subject == nil ? nil : issued.scope,
                requestID: call.requestID, forwardingChain: call.forwardingChain, scheme: scheme, apiName: api.name)
            return Passed(caller: caller, limitHeaders: tightest.map { HTTPFields(decision: $0) } ?? [:])
        }
    }

    private static func presentedToken(of head: HTTPRequest) throws -> PresentedToken {
        guard let token = AccessTokenVerifier.presentedToken(in: head.headerFields[values: .authorization]) else {
            throw GatewayRefusal.missingCredentials
        }
        return token
    }

    /// The checks before the limits, in order.
    private func admit(
        _ verdict: AccessTokenVerifier.Outcome, token: PresentedToken, of head: HTTPRequest, to api: RegisteredAPI, clientID: inout String
    ) throws -> Admitted {
        clientID = verdict.application?.clientID ?? ""
        let application: ClientApplication
        let issued: IssuedToken
        let subject: String?
        switch verdict {
        case .valid(let token, let owner, let user): (issued, application, subject) = (token, owner, user)
        case .unknown: throw GatewayRefusal.invalidCredentials(token: token.value)
        case .noConsent: throw GatewayRefusal.noConsent
        case .expired: throw GatewayRefusal.expiredCredentials
        }
        do {
            try dpop.checkPossession(
                of: issued, presented: token, proofs: head.headerFields[values: .dpop], method: head.method.rawValue,
                url: publicURL(head.authority) + (head.path?.prefix { $0 != "?" } ?? ""), requiresDPoP: api.policy.requiresDPoP)
        } catch {
            throw GatewayRefusal.unprovenPossession(error)
        }
        guard application.status == .active else { throw GatewayRefusal.forbiddenRequester }
        guard application.subscriptions.contains(api.name) else { throw GatewayRefusal.accessDenied }
        guard api.status != .retired else { throw GatewayRefusal.resourceNotFound }
        guard Self.userConsented(issued, to: api) else { throw GatewayRefusal.scopeNotGranted }
        let limits = api.limits.overridden(by: application.limitOverrides[api.name])
        let allowances = [(GatewayLimit.rate, limits.rate), (.quota, limits.quota)].compactMap { kind, allowance in allowance.map { (kind, $0) } }
        return Admitted(application: application, issued: issued, subject: subject, api: api, allowances: allowances)
    }

    /// Refuses a call over a limit (code 53: 429, or 403 as the API says); keeps the tighter of the limits that let it
    /// through, for the `RateLimit-*` headers.
    private static func weigh(_ decision: RateLimitDecision, for api: RegisteredAPI, tightest: inout RateLimitDecision?) throws {
        guard decision.allowed else {
            throw (api.limitStatus == 429 ? GatewayRefusal.tooManyRequests : .tooManyRequestsForbidden).with(decision)
        }
        if decision.remaining < tightest?.remaining ?? .max { tightest = decision }
    }

    /// What forwarding a call to `api`'s backend involves; 503 when its backend's secret does not open.
    func forwardingRules(for api: RegisteredAPI, logger: @autoclosure () -> Logger) throws -> UpstreamProxy.Rules {
        let authenticator: UpstreamAuthenticator
        do {
            authenticator = try authenticators.authenticator(for: api)
        } catch {
            logger().error("The backend's credentials cannot be opened", metadata: ["api": "\(api.name)"])
            throw GatewayRefusal.policyUnavailable
        }
        return UpstreamProxy.Rules(
            authenticator: authenticator, requestHeaders: api.policy.requestHeaders, responseHeaders: api.policy.responseHeaders,
            maximumBodyBytes: api.policy.maximumBodyBytes)
    }

    /// A user's token (3-legged) reaches an API that declares scopes only when the user granted one of them
    /// (seed 003: the scope "tells the Authorization endpoint what kind of permissions to ask for"). An
    /// application's own token (client credentials) is judged by its subscription alone.
    static func userConsented(_ token: IssuedToken, to api: RegisteredAPI) -> Bool {
        guard token.grantID != nil, !api.scopes.isEmpty else { return true }
        return !Scopes(parsing: token.scope ?? "").tokens.isDisjoint(with: api.scopes)
    }

    /// The upstream URL: the API's upstream, then ``upstreamRest(path:query:api:)``.
    static func upstreamURL(path: String, query: String?, api: RegisteredAPI) -> String? {
        upstreamRest(path: path, query: query, api: api).map { api.upstream + $0 }
    }

    /// What follows the API's upstream in the upstream URL: the rest of the path after the base path, and the
    /// query. A path that could climb out of the upstream's own base path is refused (``UpstreamPath``).
    static func upstreamRest(path: String, query: String?, api: RegisteredAPI) -> String? {
        let rest = path.dropFirst(api.basePath.count)
        guard UpstreamPath.isSafe(rest) else { return nil }
        return rest + (query.map { "?" + $0 } ?? "")
    }

    /// The class of the upstream's answer: 5xx a failure, 4xx the client's error, anything else a success.
    static func outcome(ofUpstream status: HTTPResponse.Status) -> UsageOutcome {
        switch status.kind {
        case .serverError: .upstreamFailure
        case .clientError: .clientError
        default: .success
        }
    }

    /// How a call the checks stopped is answered, and counted: its refusal, or for anything else a 500 (code 1), logged.
    static func answer(toCheckFailure error: any Error, api: String, logger: @autoclosure () -> Logger) -> (GatewayRefusal, UsageOutcome) {
        if let refusal = error as? GatewayRefusal { return (refusal, .refused(code: refusal.code)) }
        logger().error("Gateway failure", metadata: ["api": "\(api)", "error": "\(error)"])
        let failure = GatewayRefusal(.internalServerError, .internalError)
        return (failure, .refused(code: failure.code))
    }

    /// How a call the upstream gave no answer to is answered, and counted (issue 13): the backend's authorization
    /// server said no (503), the client's body was broken (400) or too large (413), no answer in time (504), or
    /// refused, reset, unreachable (503 code 5).
    static func answer(to failure: UpstreamFailure, api: String, logger: Logger) -> (GatewayRefusal, UsageOutcome) {
        switch failure {
        case .notAuthenticated(let error):
            logger.warning("No token from the backend's authorization server", metadata: ["api": "\(api)", "error": "\(error)"])
            return (.backendAuthenticationFailed, .upstreamFailure)
        case .requestBodyTooLarge:
            return (.entityTooLarge, .refused(code: GatewayRefusal.entityTooLarge.code))
        case .timedOut:
            logger.warning("Upstream timed out", metadata: ["api": "\(api)"])
            return (.gatewayTimeout, .upstreamFailure)
        case .unreachable(let error):
            logger.warning("Upstream unreachable", metadata: ["api": "\(api)", "error": "\(error)"])
            return (.serviceUnavailable, .upstreamFailure)
        case .malformedRequestBody:
            logger.info("Malformed request body", metadata: ["api": "\(api)"])
            return (.badRequest, .refused(code: GatewayRefusal.badRequest.code))
        }
    }
}

extension HTTPField.Name {
    static let dpop = HTTPField.Name(DPoPProofVerifier.headerName)!
}
