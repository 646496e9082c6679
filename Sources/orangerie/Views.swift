import Foundation
import OAuthCore
import PlatformStore

/// An application as the commands print it; the secret and header only right after creation or renewal.
struct ApplicationView: Encodable {
    var clientID: String
    var clientSecret: String?
    var authorizationHeader: String?
    var id: String
    var name: String
    var email: String
    var status: String
    var redirectURIs: [String]
    var postLogoutRedirectURIs: [String]
    var backchannelLogoutURI: String?
    var subscriptions: [String]
    var limitOverrides: [String: LimitsView]
    /// Until when the secret that the last renewal replaced gets (or got) tokens (issue 12); absent without a grace period.
    var previousSecretValidUntil: Date?
    /// Whether the operator lets it introspect tokens (RFC 7662, issue 16).
    var mayIntrospect: Bool
    /// Whether the operator requires it to push its authorization requests (RFC 9126 §6, issue 16).
    var requiresPushedAuthorizationRequests: Bool
    var createdAt: Date

    init(_ application: ClientApplication, credentials: ClientCredentials? = nil) {
        clientID = application.clientID
        clientSecret = credentials?.clientSecret
        authorizationHeader = credentials?.authorizationHeader()
        id = application.id
        name = application.name
        email = application.email
        status = application.status.rawValue
        redirectURIs = application.redirectURIs
        postLogoutRedirectURIs = application.logout.postLogoutRedirectURIs
        backchannelLogoutURI = application.logout.backchannelLogoutURI
        subscriptions = application.subscriptions
        limitOverrides = application.limitOverrides.mapValues(LimitsView.init)
        previousSecretValidUntil = application.credential.previousSecretValidUntil
        mayIntrospect = application.mayIntrospect
        requiresPushedAuthorizationRequests = application.requiresPushedAuthorizationRequests
        createdAt = application.createdAt
    }

    enum CodingKeys: String, CodingKey {
        case clientID = "client_id"
        case clientSecret = "client_secret"
        case authorizationHeader = "authorization_header"
        case id, name, email, status
        case redirectURIs = "redirect_uris"
        case postLogoutRedirectURIs = "post_logout_redirect_uris"
        case backchannelLogoutURI = "backchannel_logout_uri"
        case subscriptions
        case limitOverrides = "limit_overrides"
        case previousSecretValidUntil = "previous_secret_valid_until"
        case mayIntrospect = "may_introspect"
        case requiresPushedAuthorizationRequests = "require_pushed_authorization_requests"
        case createdAt = "created_at"
    }
}

struct LimitsView: Encodable {
    var rateLimit: String?
    var quota: String?

    init(_ limits: Limits) {
        rateLimit = limits.rate?.description
        quota = limits.quota?.description
    }

    enum CodingKeys: String, CodingKey {
        case rateLimit = "rate_limit"
        case quota
    }
}

/// An API as the commands print it; with its catalog entry (issue 12, item 3) when `api show` or `api update` has
/// read it, but never the OpenAPI document or the terms themselves, only whether there are some.
struct APIView: Encodable {
    var name: String
    var basePath: String
    var upstream: String
    var status: String
    var rateLimit: String?
    var quota: String?
    var limitStatus: Int
    var limitFallback: String
    var scopes: [String]
    var createdAt: Date
    var description: String?
    var approval: String?
    var hasOpenAPI: Bool?
    var termsVersion: String?
    var visibility: String?
    /// The addresses invited to a partner API (`api show`).
    var invited: [String]?
    var policy: PolicyView

    init(_ api: RegisteredAPI, documentation: APIDocumentation? = nil, invitations: [APIInvitation]? = nil) {
        name = api.name
        basePath = api.basePath
        upstream = api.upstream
        status = api.status.rawValue
        rateLimit = api.limits.rate?.description
        quota = api.limits.quota?.description
        limitStatus = api.limitStatus
        limitFallback = api.limitFallback.rawValue
        scopes = api.scopes
        createdAt = api.createdAt
        description = documentation?.description
        approval = documentation?.approval.rawValue
        hasOpenAPI = documentation.map { $0.openAPI != nil }
        termsVersion = documentation?.termsVersion
        visibility = documentation?.visibility.rawValue
        invited = invitations?.map(\.email)
        policy = PolicyView(api.policy)
    }

    enum CodingKeys: String, CodingKey {
        case name
        case basePath = "base_path"
        case upstream, status
        case rateLimit = "rate_limit"
        case quota
        case limitStatus = "limit_status"
        case limitFallback = "limit_fallback"
        case scopes
        case createdAt = "created_at"
        case description, approval, visibility, invited, policy
        case hasOpenAPI = "has_openapi"
        case termsVersion = "terms_version"
    }
}

/// What an API proxy enforces (issue 18), as the commands print it: the backend authentication's mode and the names
/// around its secret, never the secret.
struct PolicyView: Encodable {
    var contract: String
    var validateRequests: String
    var maxBody: Int?
    var upstreamAuthentication: [String: String]
    var requestHeaders: HeaderRules
    var responseHeaders: HeaderRules
    var corsOrigins: [String]
    var requireDPoP: Bool

    init(_ policy: GatewayPolicy) {
        contract = policy.contract.rawValue
        validateRequests = policy.requestValidation.rawValue
        maxBody = policy.maximumBodyBytes
        switch policy.upstreamAuthentication {
        case .none: upstreamAuthentication = ["mode": "none"]
        case .header(let name, _): upstreamAuthentication = ["mode": "header", "header": name]
        case .basic(let username, _): upstreamAuthentication = ["mode": "basic", "username": username]
        case .clientCredentials(let tokenURL, let clientID, _, let scope):
            upstreamAuthentication = ["mode": "client-credentials", "token_url": tokenURL, "client_id": clientID]
            upstreamAuthentication["scope"] = scope
        case .mutualTLS: upstreamAuthentication = ["mode": "mtls"]
        }
        requestHeaders = policy.requestHeaders
        responseHeaders = policy.responseHeaders
        corsOrigins = policy.corsOrigins
        requireDPoP = policy.requiresDPoP
    }

    enum CodingKeys: String, CodingKey {
        case contract
        case validateRequests = "validate_requests"
        case maxBody = "max_body"
        case upstreamAuthentication = "upstream_authentication"
        case requestHeaders = "request_headers"
        case responseHeaders = "response_headers"
        case corsOrigins = "cors_origins"
        case requireDPoP = "require_dpop"
    }
}

/// An end user as the commands print it: never the password hash.
struct UserView: Encodable {
    var username: String
    var sub: String
    var claims: EndUserClaims
    var locked: Bool
    var administrator: Bool
    var createdAt: Date

    init(_ user: EndUser) {
        username = user.username
        sub = user.subject
        claims = user.claims
        locked = user.locked
        administrator = user.isAdministrator
        createdAt = user.createdAt
    }

    enum CodingKeys: String, CodingKey {
        case username, sub, claims, locked, administrator
        case createdAt = "created_at"
    }
}

/// A signing key as the commands print it, never its private part: when it was published, when it signs and, once
/// replaced, until when it stays published (issue 16, item 3).
struct SigningKeyView: Encodable {
    enum State: String, Encodable {
        /// Published ahead of use by automatic rotation.
        case scheduled
        case signing
        /// Replaced; published until the tokens it signed have expired.
        case retired
    }

    var kid: String
    var algorithm: String
    var createdAt: Date
    var signsFrom: Date
    var signsUntil: Date?
    var publishedUntil: Date?
    var state: State

    init(_ key: SigningKey, successor: SigningKey? = nil, at now: Date = Date(), overlap: TimeInterval = 0) {
        kid = key.kid
        algorithm = key.algorithm
        createdAt = key.createdAt
        signsFrom = key.signsFrom
        signsUntil = successor?.signsFrom
        publishedUntil = signsUntil?.addingTimeInterval(overlap)
        if key.signsFrom > now {
            state = .scheduled
        } else if let signsUntil, signsUntil <= now {
            state = .retired
        } else {
            state = .signing
        }
    }

    /// The keys in signing order, each with its successor; `overlap` is how long a replaced key stays published.
    static func schedule(of keys: [SigningKey], at now: Date, overlap: TimeInterval) -> [SigningKeyView] {
        let keys = keys.inSigningOrder
        return keys.indices.map { index in
            SigningKeyView(keys[index], successor: keys.indices.contains(index + 1) ? keys[index + 1] : nil, at: now, overlap: overlap)
        }
    }

    enum CodingKeys: String, CodingKey {
        case kid, state
        case algorithm = "alg"
        case createdAt = "created_at"
        case signsFrom = "signs_from"
        case signsUntil = "signs_until"
        case publishedUntil = "published_until"
    }
}

/// One JSON document on standard output, keys sorted so that scripts and diffs see a stable text.
func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
