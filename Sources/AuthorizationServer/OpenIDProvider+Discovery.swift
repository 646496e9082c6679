import Hummingbird
import OAuthCore
import PlatformServices
import PlatformStore

/// OpenID Connect Discovery §3 and RFC 8414 §2: what this provider really supports, and nothing more.
extension OpenIDProvider {
    func discoveryDocument() -> Response {
        let issuer = issuer.url
        let origin = String(issuer.dropLast(Paths.base.count))
        var metadata = ProviderMetadata(
            issuer: issuer, authorizationEndpoint: origin + Paths.authorize, tokenEndpoint: origin + Paths.token,
            userinfoEndpoint: origin + Paths.userinfo, jwksURI: origin + KeyRing.jwksPath,
            revocationEndpoint: origin + Paths.revocation)
        metadata.scopesSupported = Validation.platformScopes.sorted()
        metadata.responseTypesSupported = ["code"]
        metadata.responseModesSupported = ["query"]
        metadata.grantTypesSupported = ["authorization_code", "refresh_token", DeviceAuthorizationResponse.grantType]
        metadata.subjectTypesSupported = ["public"]
        metadata.idTokenSigningAlgValuesSupported = ["RS256"]
        metadata.tokenEndpointAuthMethodsSupported = ["client_secret_basic", "client_secret_post"]
        metadata.introspectionEndpoint = origin + Paths.introspection
        metadata.introspectionEndpointAuthMethodsSupported = metadata.tokenEndpointAuthMethodsSupported
        metadata.codeChallengeMethodsSupported = ["S256"]
        metadata.dpopSigningAlgValuesSupported = DPoPProofVerifier.algorithms
        metadata.claimsSupported = [
            "sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "acr", "at_hash", "azp", "sid", "name", "given_name",
            "family_name", "email", "address", "phone_number",
        ]
        metadata.promptValuesSupported = ["none", "login", "consent"]
        metadata.displayValuesSupported = AuthorizationRequest.Display.allCases.map(\.rawValue)
        metadata.uiLocalesSupported = ["en", "fr"]
        metadata.acrValuesSupported = IDTokenClaims.supportedACRValues
        metadata.authorizationResponseIssParameterSupported = true
        metadata.claimsParameterSupported = false
        metadata.requestParameterSupported = false
        // OpenID Connect's request_uri points at a request object to fetch (Core §6.2), which this provider never does; a
        // pushed request's request_uri (below) needs no such support (RFC 9126 §4).
        metadata.requestURIParameterSupported = false
        // OpenID Connect RP-Initiated Logout 1.0 §2.1 and Back-Channel Logout 1.0 §2.1 (`sid` in logout tokens).
        metadata.endSessionEndpoint = origin + Paths.endSession
        metadata.backchannelLogoutSupported = true
        metadata.backchannelLogoutSessionSupported = true
        // RFC 8628 §4.
        metadata.deviceAuthorizationEndpoint = origin + Paths.deviceAuthorization
        // RFC 9126 §5; an application may be required to push (§6), the provider as a whole is not.
        metadata.pushedAuthorizationRequestEndpoint = origin + Paths.pushedAuthorizationRequest
        metadata.requirePushedAuthorizationRequests = false
        return Response(
            status: .ok, headers: [.contentType: "application/json", .cacheControl: "public, max-age=300"],
            body: ResponseBody(byteBuffer: JSONBody.encode(metadata)))
    }
}
