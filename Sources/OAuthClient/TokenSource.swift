/// Something that hands out access tokens (golang/oauth2's `TokenSource`).
///
/// ``ClientCredentialsTokenSource`` asks the token endpoint every time; ``CachingTokenSource`` wraps it to ask
/// once per token lifetime, whoever calls; ``AuthorizedClient`` attaches the tokens to API calls.
///
/// ```swift
/// let token = try await tokens.token()
/// request.headers["Authorization"] = token.authorizationHeader
/// ```
public protocol TokenSource: Sendable {
    /// A token to send now.
    func token() async throws -> AccessToken

    /// Tells the source that a resource server refused `token` (RFC 6750 §3.1, `invalid_token`), so that the
    /// next ``token()`` does not return it again.
    func invalidate(_ token: AccessToken) async throws
}
