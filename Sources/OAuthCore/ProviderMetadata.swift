/// What an OpenID provider says of itself (OpenID Connect Discovery 1.0 §3; RFC 8414 §2; RFC 9207 §3), as
/// served at `ISSUER/.well-known/openid-configuration`. Fields a provider may leave out are optional.
public struct ProviderMetadata: Codable, Hashable, Sendable {
    public var issuer: String
    public var authorizationEndpoint: String
    public var tokenEndpoint: String
    public var userinfoEndpoint: String?
    public var jwksURI: String?
    /// RFC 7009, when the provider revokes tokens.
    public var revocationEndpoint: String?
    /// RFC 7662 §2 (advertised as RFC 8414 §2 says), when the provider answers whether a token is live.
    public var introspectionEndpoint: String?
    /// RFC 8414 §2: how a client authenticates at the ``introspectionEndpoint``.
    public var introspectionEndpointAuthMethodsSupported: [String]?
    public var scopesSupported: [String]?
    public var responseTypesSupported: [String]?
    public var responseModesSupported: [String]?
    public var grantTypesSupported: [String]?
    public var subjectTypesSupported: [String]?
    public var idTokenSigningAlgValuesSupported: [String]?
    public var tokenEndpointAuthMethodsSupported: [String]?
    public var codeChallengeMethodsSupported: [String]?
    /// RFC 9449 §5.1: the algorithms the provider accepts DPoP proofs signed with; absent when it has no DPoP.
    public var dpopSigningAlgValuesSupported: [String]?
    public var claimsSupported: [String]?
    public var promptValuesSupported: [String]?
    public var displayValuesSupported: [String]?
    public var uiLocalesSupported: [String]?
    public var acrValuesSupported: [String]?
    /// RFC 9207: the provider puts `iss` in every authorization response, so a client must check it.
    public var authorizationResponseIssParameterSupported: Bool?
    public var claimsParameterSupported: Bool?
    public var requestParameterSupported: Bool?
    public var requestURIParameterSupported: Bool?
    /// OpenID Connect RP-Initiated Logout 1.0 §2.1: where a client sends the browser to sign the user out.
    public var endSessionEndpoint: String?
    /// OpenID Connect Back-Channel Logout 1.0 §2.1: the provider posts logout tokens to registered applications,
    /// with a `sid` when `backchannelLogoutSessionSupported`.
    public var backchannelLogoutSupported: Bool?
    public var backchannelLogoutSessionSupported: Bool?
    /// RFC 8628 §4: where a device without a browser starts the device authorization grant.
    public var deviceAuthorizationEndpoint: String?
    /// RFC 9126 §5: where a client pushes its authorization request before sending the browser to
    /// ``authorizationEndpoint`` with the `request_uri` it got.
    public var pushedAuthorizationRequestEndpoint: String?
    /// RFC 9126 §5: whether the provider accepts authorization requests only when pushed.
    public var requirePushedAuthorizationRequests: Bool?

    public init(
        issuer: String, authorizationEndpoint: String, tokenEndpoint: String, userinfoEndpoint: String? = nil,
        jwksURI: String? = nil, revocationEndpoint: String? = nil
    ) {
        self.issuer = issuer
        self.authorizationEndpoint = authorizationEndpoint
        self.tokenEndpoint = tokenEndpoint
        self.userinfoEndpoint = userinfoEndpoint
        self.jwksURI = jwksURI
        self.revocationEndpoint = revocationEndpoint
    }

    /// Orange's endpoints as seed 003 gives them (`https://api.orange.com/openidconnect/fr/v1/authorize`,
    /// `…/token`, `https://api.orange.com/openidconnect/v1/userinfo`). The seed names no JWKS; the key set is
    /// assumed beside the other endpoints, as on this platform. Prefer discovery where the provider offers it.
    public static let orange = ProviderMetadata(
        issuer: "https://api.orange.com/openidconnect/fr/v1",
        authorizationEndpoint: "https://api.orange.com/openidconnect/fr/v1/authorize",
        tokenEndpoint: "https://api.orange.com/openidconnect/fr/v1/token",
        userinfoEndpoint: "https://api.orange.com/openidconnect/v1/userinfo",
        jwksURI: "https://api.orange.com/openidconnect/fr/v1/jwks")

    enum CodingKeys: String, CodingKey {
        case issuer
        case authorizationEndpoint = "authorization_endpoint"
        case tokenEndpoint = "token_endpoint"
        case userinfoEndpoint = "userinfo_endpoint"
        case jwksURI = "jwks_uri"
        case revocationEndpoint = "revocation_endpoint"
        case introspectionEndpoint = "introspection_endpoint"
        case introspectionEndpointAuthMethodsSupported = "introspection_endpoint_auth_methods_supported"
        case scopesSupported = "scopes_supported"
        case responseTypesSupported = "response_types_supported"
        case responseModesSupported = "response_modes_supported"
        case grantTypesSupported = "grant_types_supported"
        case subjectTypesSupported = "subject_types_supported"
        case idTokenSigningAlgValuesSupported = "id_token_signing_alg_values_supported"
        case tokenEndpointAuthMethodsSupported = "token_endpoint_auth_methods_supported"
        case codeChallengeMethodsSupported = "code_challenge_methods_supported"
        case dpopSigningAlgValuesSupported = "dpop_signing_alg_values_supported"
        case claimsSupported = "claims_supported"
        case promptValuesSupported = "prompt_values_supported"
        case displayValuesSupported = "display_values_supported"
        case uiLocalesSupported = "ui_locales_supported"
        case acrValuesSupported = "acr_values_supported"
        case authorizationResponseIssParameterSupported = "authorization_response_iss_parameter_supported"
        case claimsParameterSupported = "claims_parameter_supported"
        case requestParameterSupported = "request_parameter_supported"
        case requestURIParameterSupported = "request_uri_parameter_supported"
        case endSessionEndpoint = "end_session_endpoint"
        case backchannelLogoutSupported = "backchannel_logout_supported"
        case backchannelLogoutSessionSupported = "backchannel_logout_session_supported"
        case deviceAuthorizationEndpoint = "device_authorization_endpoint"
        case pushedAuthorizationRequestEndpoint = "pushed_authorization_request_endpoint"
        case requirePushedAuthorizationRequests = "require_pushed_authorization_requests"
    }
}
