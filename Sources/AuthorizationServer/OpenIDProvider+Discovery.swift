import Hummingbird
import Logging
import OAuthCore
import PlatformStore

/// OpenID Connect Discovery §3 and RFC 8414 §2: what this provider really supports, and nothing more.
extension OpenIDProvider {
    func discoveryDocument() -> Response {
        let issuer = issuer.url
        let origin = String(issuer.dropLast(Paths.base.count))
        let metadata = ProviderMetadata(
            issuer: issuer,
            authorizationEndpoint: origin + Paths.authorize,
            tokenEndpoint: origin + Paths.token,
            userinfoEndpoint: origin + Paths.userinfo,
            jwksURI: origin + KeyRing.jwksPath,
            scopesSupported: Validation.openIDScopes.sorted(),
            responseTypesSupported: ["code"],
            responseModesSupported: ["query"],
            grantTypesSupported: ["authorization_code", "refresh_token"],
            subjectTypesSupported: ["public"],
            idTokenSigningAlgValuesSupported: ["RS256"],
            tokenEndpointAuthMethodsSupported: ["client_secret_basic", "client_secret_post"],
            codeChallengeMethodsSupported: ["S256"],
            claimsSupported: [
                "sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "acr", "at_hash", "azp", "name", "given_name",
                "family_name", "email", "address", "phone_number",
            ],
            promptValuesSupported: ["none", "login", "consent"],
            displayValuesSupported: AuthorizationRequest.Display.allCases.map(\.rawValue),
            uiLocalesSupported: ["en", "fr"],
            acrValuesSupported: IDTokenClaims.supportedACRValues,
            authorizationResponseIssParameterSupported: true,
            claimsParameterSupported: false,
            requestParameterSupported: false,
            requestURIParameterSupported: false)
        return Response(
            status: .ok, headers: [.contentType: "application/json", .cacheControl: "public, max-age=300"],
            body: ResponseBody(byteBuffer: JSONBody.encode(metadata)))
    }
}

/// The provider metadata document (OpenID Connect Discovery §3, RFC 8414 §2, RFC 9207 §3).
struct ProviderMetadata: Encodable {
    var issuer: String
    var authorizationEndpoint: String
    var tokenEndpoint: String
    var userinfoEndpoint: String
    var jwksURI: String
    var scopesSupported: [String]
    var responseTypesSupported: [String]
    var responseModesSupported: [String]
    var grantTypesSupported: [String]
    var subjectTypesSupported: [String]
    var idTokenSigningAlgValuesSupported: [String]
    var tokenEndpointAuthMethodsSupported: [String]
    var codeChallengeMethodsSupported: [String]
    var claimsSupported: [String]
    var promptValuesSupported: [String]
    var displayValuesSupported: [String]
    var uiLocalesSupported: [String]
    var acrValuesSupported: [String]
    var authorizationResponseIssParameterSupported: Bool
    var claimsParameterSupported: Bool
    var requestParameterSupported: Bool
    var requestURIParameterSupported: Bool

    enum CodingKeys: String, CodingKey {
        case issuer
        case authorizationEndpoint = "authorization_endpoint"
        case tokenEndpoint = "token_endpoint"
        case userinfoEndpoint = "userinfo_endpoint"
        case jwksURI = "jwks_uri"
        case scopesSupported = "scopes_supported"
        case responseTypesSupported = "response_types_supported"
        case responseModesSupported = "response_modes_supported"
        case grantTypesSupported = "grant_types_supported"
        case subjectTypesSupported = "subject_types_supported"
        case idTokenSigningAlgValuesSupported = "id_token_signing_alg_values_supported"
        case tokenEndpointAuthMethodsSupported = "token_endpoint_auth_methods_supported"
        case codeChallengeMethodsSupported = "code_challenge_methods_supported"
        case claimsSupported = "claims_supported"
        case promptValuesSupported = "prompt_values_supported"
        case displayValuesSupported = "display_values_supported"
        case uiLocalesSupported = "ui_locales_supported"
        case acrValuesSupported = "acr_values_supported"
        case authorizationResponseIssParameterSupported = "authorization_response_iss_parameter_supported"
        case claimsParameterSupported = "claims_parameter_supported"
        case requestParameterSupported = "request_parameter_supported"
        case requestURIParameterSupported = "request_uri_parameter_supported"
    }
}
