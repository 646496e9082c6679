/// The error body of an OAuth 2.0 endpoint: `{"error": "...", "error_description": "..."}` (RFC 6749 §5.2).
///
/// The descriptions Orange clients rely on are the exact strings of seed 002's and seed 003's error tables;
/// the constants below carry them.
public struct OAuthError: Error, Codable, Hashable, Sendable {
    public var error: Code
    public var errorDescription: String?

    public init(_ error: Code, _ errorDescription: String? = nil) {
        self.error = error
        self.errorDescription = errorDescription
    }

    enum CodingKeys: String, CodingKey {
        case error
        case errorDescription = "error_description"
    }

    /// An RFC 6749 error code. Open: a server may answer codes this library does not list.
    public struct Code: RawRepresentable, Codable, Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(stringLiteral value: String) { self.rawValue = value }
        public init(from decoder: any Decoder) throws {
            rawValue = try decoder.singleValueContainer().decode(String.self)
        }
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }
        public var description: String { rawValue }

        public static let invalidRequest: Code = "invalid_request"
        public static let invalidClient: Code = "invalid_client"
        public static let invalidGrant: Code = "invalid_grant"
        public static let unauthorizedClient: Code = "unauthorized_client"
        public static let unsupportedGrantType: Code = "unsupported_grant_type"
        public static let invalidScope: Code = "invalid_scope"
        public static let serverError: Code = "server_error"
        public static let temporarilyUnavailable: Code = "temporarily_unavailable"
        // RFC 6749 §4.1.2.1 and OpenID Connect Core §3.1.2.6: errors of the authorization endpoint.
        public static let accessDenied: Code = "access_denied"
        public static let unsupportedResponseType: Code = "unsupported_response_type"
        public static let loginRequired: Code = "login_required"
        public static let consentRequired: Code = "consent_required"
        /// RFC 7009 §2.2.1.
        public static let unsupportedTokenType: Code = "unsupported_token_type"
        /// RFC 9449 §5, §7.1: a missing or invalid DPoP proof.
        public static let invalidDPoPProof: Code = "invalid_dpop_proof"
        /// RFC 9449 §8: the server wants a proof with the nonce of its `DPoP-Nonce` header.
        public static let useDPoPNonce: Code = "use_dpop_nonce"
        // RFC 8628 §3.5: what a device polling the token endpoint is told.
        public static let authorizationPending: Code = "authorization_pending"
        public static let slowDown: Code = "slow_down"
        public static let expiredToken: Code = "expired_token"
    }
}

extension OAuthError {
    // Seed 002, "most common errors" table, verbatim.
    public static let methodNotSupported = OAuthError(.invalidRequest, "The URI does not support the requested method.")
    public static let resourceNotFound = OAuthError(
        .invalidRequest, "The requested URI or the requested resource does not exist.")
    public static let missingParameters = OAuthError(
        .invalidRequest, "One or more required query-string parameters are missing.")
    public static let invalidGrantType = OAuthError(.invalidGrant, "The parameter grant_type is not valid.")
    public static let notSubscribed = OAuthError(
        .unauthorizedClient,
        "The application that makes the request is not authorized to access this endpoint (ex: not a subscribed service).")
    public static let noCredentials = OAuthError(
        .invalidClient, "The requested service needs credentials, but none were provided.")
    public static let invalidCredentials = OAuthError(
        .invalidClient, "The requested service needs credentials, but the ones provided were invalid.")
    public static let outdatedCredentials = OAuthError(
        .invalidClient, "The requested service needs credentials, and the ones provided were out-of-date.")
    // Seed 002, "Use the OAuth access token": client_id/client_secret in the body forbid the Authorization header.
    public static let duplicateCredentials = OAuthError(.invalidRequest, "Duplicate credentials")
    // Seed 003, token endpoint errors.
    public static let syntaxError = OAuthError(.invalidRequest, "Syntax error")
    public static let invalidAuthorizationCode = OAuthError(.invalidGrant, "Invalid authorization code")
    public static let invalidRedirectURI = OAuthError(.invalidGrant, "Invalid redirect_uri")
    public static let invalidGrant = OAuthError(
        .invalidGrant,
        "The provided authorization grant (e.g., authorization code, resource owner credentials) or refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client")
    public static let clientNotFound = OAuthError(.invalidClient, "Client not found")
    // Seed 003, "If the transaction fails": a wrong client_secret.
    public static let invalidClientPassword = OAuthError(.invalidClient, "Invalid client password")

    /// Seed 003's token-endpoint table writes seed 002's descriptions without their final period.
    public var withoutFinalPeriod: OAuthError {
        OAuthError(error, errorDescription.map { $0.hasSuffix(".") ? String($0.dropLast()) : $0 })
    }

    // Seed 003, "When calling the Authorize endpoint": errors sent back to the redirect_uri.
    public static let consentDenied = OAuthError(.accessDenied, "consent denied")
    public static let scopeNotUnderstood = OAuthError(.invalidScope, "scope value cannot be understood")
    public static let authorizationSyntaxError = OAuthError(.invalidRequest, "syntax error")
    public static let invalidPrompt = OAuthError(.invalidRequest, "invalid prompt value")
    public static let unsupportedResponseType = OAuthError(.unsupportedResponseType, "unsupported response type")
    public static let promptNone = OAuthError(.consentRequired, "prompt none")
    public static let loginRequired = OAuthError(.loginRequired, "The Authorization Server requires End-User authentication")
    public static let authorizationServerError = OAuthError(
        .serverError,
        "The authorization server encountered an unexpected condition that prevented it from fulfilling the request")
}
