import AuthorizationServer
import PlatformServices

/// The kind of endpoint a request was for, as the request's metrics, span and JSON log line name it (issue 14): a
/// small fixed set, so that a label or an attribute never holds a path a client chose.
package enum RouteClass: String, Sendable, CaseIterable {
    /// `/oauth/v3/token` (seed 002) and the OpenID Connect token endpoint (seed 003).
    case token
    /// `/authorize`, the pushed authorization requests that stand for its parameters (RFC 9126), and a device's
    /// request for codes (RFC 8628 §3.1).
    case authorize
    /// The provider's sign-in pages, the portal's and the device verification page (RFC 8628 §3.3) included.
    case login
    case consent
    case userinfo
    /// RFC 7009 revocation.
    case revoke
    /// RFC 7662 introspection, beside either token endpoint.
    case introspect
    /// The developer portal's pages and its JSON API.
    case portal
    /// A call under an API's base path.
    case gateway
    /// Everything else: discovery, JWKS, the consents page, health checks, unknown paths.
    case other

    /// The class of a request for `path`, given what its handler noted: a call the gateway counted is a gateway
    /// call, whatever its path.
    package init(path: String, facts: RequestFacts.Snapshot) {
        if facts.apiName != nil {
            self = .gateway
            return
        }
        self = Self.prefixes.first { Validation.path(path, isUnder: $0.0) }?.1 ?? (Validation.isPlatformPath(path) ? .other : .gateway)
    }

    /// The platform's endpoints and their class, made once: the log line, the metrics and the span each ask.
    private static let prefixes: [(String, RouteClass)] = {
        typealias Paths = OpenIDProvider.Paths
        return [
            (TokenEndpoint.path, .token), (Paths.token, .token), (Paths.authorize, .authorize),
            (Paths.pushedAuthorizationRequest, .authorize), (Paths.deviceAuthorization, .authorize), (Paths.login, .login),
            (Paths.deviceConsent, .consent), (Paths.device, .login),
            (Paths.consent, .consent), (Paths.userinfo, .userinfo), (Paths.sharedUserinfo, .userinfo),
            (Paths.revocation, .revoke), (IntrospectionEndpoint.path, .introspect), (Paths.introspection, .introspect),
            ("/portal", .portal),
        ]
    }()
}
