import Foundation
import Logging
import OAuthCore

/// What happens to a signed-in user's tokens, for an application to react to (show "signed out", log).
public enum UserTokenEvent: Sendable {
    /// A new access token was obtained with the refresh token, and stored before being handed out.
    case refreshed(expiresAt: Date?)
    /// The refresh token no longer works (consent withdrawn, revoked, expired, user locked): sign in again.
    case signInRequired(OAuthClientError)
    /// The refresh failed for a reason that may pass (network, server); the next call tries again.
    case refreshFailed(OAuthClientError)
}

/// Gets a new access token with the refresh token kept in a ``TokenStore`` (seed 003, "Authorization by refresh
/// token"). Wrapped by ``AuthorizationCodeFlow/refreshingTokenSource(store:configuration:logger:onEvent:)`` in a
/// ``CachingTokenSource``, which makes the refresh single flight in the process and, with a ``FileTokenStore``,
/// across processes, and stores the new tokens before handing out the access token.
///
/// `invalid_grant` is never retried: it is ``OAuthClientError/signInRequired``.
public struct RefreshTokenSource: TokenSource {
    private let metadata: ProviderMetadata
    private let credentials: ClientCredentials
    private let store: any TokenStore
    private let key: String
    private let transport: any HTTPTransport
    private let now: @Sendable () -> Date
    private let onEvent: @Sendable (UserTokenEvent) -> Void

    public init(
        metadata: ProviderMetadata, credentials: ClientCredentials, store: any TokenStore, key: String,
        transport: any HTTPTransport = AsyncHTTPClientTransport.shared, now: @escaping @Sendable () -> Date = Date.init,
        onEvent: @escaping @Sendable (UserTokenEvent) -> Void = { _ in }
    ) {
        self.metadata = metadata
        self.credentials = credentials
        self.store = store
        self.key = key
        self.transport = transport
        self.now = now
        self.onEvent = onEvent
    }

    /// Refreshes with the stored refresh token; the refresh token (Orange's lives a year and is not renewed) and
    /// the ID token carry over unless the provider sends new ones.
    public func token() async throws -> AccessToken {
        guard let stored = try await store.token(for: key), let refreshToken = stored.refreshToken else {
            let error = OAuthClientError.signInRequired("no refresh token is stored: sign the user in")
            onEvent(.signInRequired(error))
            throw error
        }
        let sentAt = now()
        // A DPoP token is refreshed with a proof of its own key, so that the new one is bound to it too (RFC 9449 §5).
        let key = stored.dpopKey
        do {
            let response = try await transport.send(
                try AuthorizationCodeFlow.tokenRequest(
                    metadata: metadata, credentials: credentials,
                    fields: [.init("grant_type", "refresh_token"), .init("refresh_token", refreshToken.revealed)]),
                provenBy: key, now: now)
            var token = try AuthorizationCodeFlow.tokens(from: response, sentAt: sentAt, now: now(), dpopKey: key)
            token.refreshToken = token.refreshToken ?? refreshToken
            token.idToken = token.idToken ?? stored.idToken
            onEvent(.refreshed(expiresAt: token.expiresAt))
            return token
        } catch let error as OAuthClientError {
            onEvent(error.remedy == .signInAgain ? .signInRequired(error) : .refreshFailed(error))
            throw error
        }
    }

    /// Nothing to forget here: the ``CachingTokenSource`` around it keeps the tokens.
    public func invalidate(_ token: AccessToken) async {}
}

extension AuthorizationCodeFlow {
    /// Fresh access tokens for the signed-in user, refreshed shortly before expiry, single flight; the
    /// ``AuthorizedClient`` of the 2-legged flow works unchanged on top of it. Save the sign-in's tokens in
    /// `store` under ``storeKey`` first.
    public nonisolated func refreshingTokenSource(
        store: any TokenStore, configuration: CachingTokenSource.Configuration = .init(),
        logger: Logger = Logger(label: "OAuthClient", factory: { _ in SwiftLogNoOpLogHandler() }),
        onEvent: @escaping @Sendable (UserTokenEvent) -> Void = { _ in }
    ) -> CachingTokenSource {
        CachingTokenSource(
            fetching: RefreshTokenSource(
                metadata: metadata, credentials: credentials, store: store, key: storeKey, transport: transport,
                now: configuration.now, onEvent: onEvent),
            store: store, key: storeKey, configuration: configuration, logger: logger)
    }

    /// Signs the user out: wipes the tokens from `store`, revokes the refresh token (RFC 7009) where the provider has
    /// a revocation endpoint, and returns the URL to open in the user's browser so that the provider's session ends
    /// too (OpenID Connect RP-Initiated Logout 1.0 §2), or nil when the provider advertises no `end_session_endpoint`.
    ///
    /// The URL carries the kept ID token as `id_token_hint` (so the provider signs the user out without asking),
    /// `client_id`, and `post_logout_redirect_uri` with `state` when given: the provider sends the browser back there
    /// only if the application registered that exact URI (§3), with `state` unchanged — check it as at sign-in.
    ///
    /// ```swift
    /// if let url = try await flow.signOut(store: store, postLogoutRedirectURI: "https://app.example.com/signed-out", state: state) {
    ///     // open url in the browser
    /// }
    /// ```
    @discardableResult
    public nonisolated func signOut(store: any TokenStore, postLogoutRedirectURI: String? = nil, state: String? = nil) async throws -> URL? {
        let stored = try await store.token(for: storeKey)
        try await store.withLock(for: storeKey) { try await store.save(nil, for: storeKey) }
        let endSession = try endSessionURL(idTokenHint: stored?.idToken?.revealed, postLogoutRedirectURI: postLogoutRedirectURI, state: state)
        try await Self.revoke(stored, metadata: metadata, credentials: credentials, transport: transport)
        return endSession
    }

    /// The provider's `end_session_endpoint` with the parameters of RP-Initiated Logout 1.0 §2, or nil without one.
    public nonisolated func endSessionURL(idTokenHint: String?, postLogoutRedirectURI: String? = nil, state: String? = nil) throws -> URL? {
        guard let endpoint = metadata.endSessionEndpoint else { return nil }
        var fields: [FormEncoding.Field] = [.init("client_id", credentials.clientID)]
        if let idTokenHint { fields.append(.init("id_token_hint", idTokenHint)) }
        if let postLogoutRedirectURI { fields.append(.init("post_logout_redirect_uri", postLogoutRedirectURI)) }
        if let state { fields.append(.init("state", state)) }
        let separator = endpoint.contains("?") ? "&" : "?"
        guard let url = URL(string: endpoint + separator + FormEncoding.encodeQuery(fields)) else {
            throw OAuthClientError.invalidConfiguration("the end-session endpoint is not a URL")
        }
        return url
    }

    /// RFC 7009: revokes the refresh token of `stored` (its access token when it has none) where the provider can.
    static func revoke(
        _ stored: AccessToken?, metadata: ProviderMetadata, credentials: ClientCredentials, transport: any HTTPTransport
    ) async throws {
        guard let revocation = metadata.revocationEndpoint.flatMap(URL.init(string:)),
            let token = stored?.refreshToken ?? stored?.value
        else {
            return
        }
        var request = try tokenRequest(
            metadata: metadata, credentials: credentials,
            fields: [.init("token", token.revealed), .init("token_type_hint", stored?.refreshToken == nil ? "access_token" : "refresh_token")])
        request.url = revocation
        let response = try await transport.send(request)
        guard response.isSuccess else { throw OAuthClientError(response: response, fromTokenEndpoint: true, now: Date()) }
    }
}
