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
        do {
            let response = try await transport.send(
                try AuthorizationCodeFlow.tokenRequest(
                    metadata: metadata, credentials: credentials,
                    fields: [.init("grant_type", "refresh_token"), .init("refresh_token", refreshToken.revealed)]))
            var token = try AuthorizationCodeFlow.tokens(from: response, sentAt: sentAt, now: now())
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

    /// Signs the user out: revokes the refresh token (RFC 7009) where the provider has a revocation endpoint,
    /// then wipes the tokens from `store` whatever the provider said.
    public nonisolated func signOut(store: any TokenStore) async throws {
        try await Self.signOut(metadata: metadata, credentials: credentials, store: store, transport: transport)
    }

    static func signOut(
        metadata: ProviderMetadata, credentials: ClientCredentials, store: any TokenStore, transport: any HTTPTransport
    ) async throws {
        let key = storeKey(issuer: metadata.issuer, clientID: credentials.clientID)
        let stored = try await store.token(for: key)
        try await store.withLock(for: key) { try await store.save(nil, for: key) }
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
