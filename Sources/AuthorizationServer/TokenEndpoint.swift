import Foundation
import HTTPTypes
import Hummingbird
import Logging
import OAuthCore
import PlatformServices
import PlatformStore

/// `POST /oauth/v3/token` for the client-credentials grant, with every rule of seeds 002 and 004.
///
/// The hot path reads memory only (the ``PlatformDirectory``), verifies the secret with HMAC, and writes one
/// row: the new token's digest, which also goes to the ``IssuedTokenCache`` that the gateway reads. A request with a
/// DPoP proof gets a token bound to the proof's key (RFC 9449 §5; issue 16, item 4).
package struct TokenEndpoint: Sendable {
    /// Seed 002: `https://api.orange.com/oauth/v3/token`.
    package static let path = "/oauth/v3/token"

    private let directory: PlatformDirectory
    private let authenticator: ClientAuthenticator
    private let tokens: any TokenStore
    private let tokenCache: IssuedTokenCache
    private let usage: UsageRecorder
    private let configuration: TokenEndpointConfiguration
    private let issuer: Issuer
    private let dpop: DPoPProofVerifier
    private let clock: WallClock
    private let logger: Logger

    package init(
        directory: PlatformDirectory, vault: CredentialVault, tokens: any TokenStore, tokenCache: IssuedTokenCache,
        limiter: any RateLimiter, usage: UsageRecorder,
        configuration: TokenEndpointConfiguration, issuer: Issuer, clock: WallClock = .system, logger: Logger
    ) {
        self.directory = directory
        authenticator = ClientAuthenticator(
            directory: directory, vault: vault, wording: .seed002,
            throttle: ClientAuthenticator.Throttle(limiter: limiter, requestsPerMinute: configuration.tokenRequestsPerMinute),
            clock: clock, logger: logger)
        self.tokens = tokens
        self.tokenCache = tokenCache
        self.usage = usage
        self.configuration = configuration
        self.issuer = issuer
        dpop = DPoPProofVerifier(clock: clock)
        self.clock = clock
        self.logger = logger
    }

    /// Adds the token endpoint, and seed 002's answers for other methods and for unknown `/oauth` paths.
    package func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        for method in [HTTPRequest.Method.get, .head, .post, .put, .delete, .patch, .options] {
            router.on(RouterPath(Self.path), method: method) { request, _ in await respond(to: request) }
            router.on("/oauth/**", method: method) { _, _ in Refusal.resourceNotFound.response }
        }
    }

    /// Answers the request and counts it (issue 13) under the API name "", by the application once it is
    /// authenticated.
    package func respond(to request: Request) async -> Response {
        await usage.countTokenRequest { (clientID: inout String) async throws(Refusal) in try await issueToken(for: request, clientID: &clientID) }
    }

    private func issueToken(for request: Request, clientID authenticated: inout String) async throws(Refusal) -> Response {
        let tokenRequest = try await TokenRequest.read(request, maximumBodySize: configuration.maximumBodySize)
        let client = try await authenticator.authenticate(tokenRequest)
        let clientID = client.application.clientID
        authenticated = clientID
        guard let grantType = tokenRequest.parameters["grant_type"], !grantType.isEmpty else {
            throw refused(.missingParameters, clientID: clientID, reason: "no grant_type")
        }
        guard grantType == "client_credentials" else {
            throw refused(.invalidGrantType, clientID: clientID, reason: "grant_type \(grantType.prefix(40))")
        }
        RequestFacts.current?.noteGrantType(grantType)
        guard directory.hasUsableSubscription(client.application) else {
            throw refused(.notSubscribed, clientID: clientID, reason: "no subscription")
        }
        let boundKey: String?
        do {
            boundKey = try dpop.boundKey(ofTokenRequest: request, issuer: issuer)
        } catch {
            throw refused(error, clientID: clientID, reason: "invalid DPoP proof")
        }
        return try await issueAccessToken(to: client, boundTo: boundKey)
    }

    /// A token of the client's credential generation, which ends with a renewal's grace period when the client
    /// presented the previous secret (issue 12); a DPoP token when `boundKey` names a key (RFC 9449 §5).
    private func issueAccessToken(to client: AuthenticatedClient, boundTo boundKey: String?) async throws(Refusal) -> Response {
        let accessToken = RandomString.base64URL(byteCount: 32)
        let now = clock.now()
        let lifetime = client.lifetime(configuration.accessTokenLifetime, from: now)
        let record = IssuedToken(
            digest: TokenDigest(of: accessToken), applicationID: client.application.id, kind: .access,
            credentialGeneration: client.credentialGeneration, issuedAt: now, expiresAt: now.addingTimeInterval(TimeInterval(lifetime)),
            dpopKeyThumbprint: boundKey)
        do {
            try await tokens.saveToken(record)
        } catch {
            logger.error("Could not save an issued token", metadata: ["client_id": "\(client.application.clientID)", "error": "\(error)"])
            throw .internalError
        }
        tokenCache.insert(record)
        return .token(TokenResponse(tokenType: TokenResponse.tokenType(isBoundToKey: boundKey != nil), accessToken: accessToken, expiresIn: lifetime))
    }

    private func refused(_ refusal: Refusal, clientID: String?, reason: String) -> Refusal {
        refusal.logged(by: logger, "Token request refused", clientID: clientID, reason: reason)
    }
}
