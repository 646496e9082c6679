import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import JWTKit
import Logging
import OAuthCore
import PlatformServices
import PlatformStore

/// `POST /openidconnect/fr/v1/token` for `authorization_code` and `refresh_token` (seed 003, "Step 2" and
/// "Authorization by refresh token"), with seed 003's error table. Clients authenticate as on `/oauth/v3/token`
/// (the same ``ClientAuthenticator``, in seed 003's words), without seed 002's `Accept` rule. A request with a DPoP
/// proof gets an access token bound to the proof's key (RFC 9449 §5); the refresh token of a confidential client
/// stays unbound, and each refresh binds its access token to the key of its own proof, if any.
extension OpenIDProvider {
    /// Answers the request and counts it (issue 13) under the API name "", by the application once it is
    /// authenticated.
    func token(_ request: Request) async -> Response {
        await usage.countTokenRequest(
            { (clientID: inout String) async throws(Refusal) in try await issueTokens(for: request, clientID: &clientID) },
            answer: \.withoutFinalPeriod.response)
    }

    private func issueTokens(for request: Request, clientID authenticated: inout String) async throws(Refusal) -> Response {
        let tokenRequest = try await TokenRequest.read(
            request, maximumBodySize: configuration.maximumBodySize, requiresJSONAccept: false)
        let client = try await authenticator.authenticate(tokenRequest)
        let clientID = client.application.clientID
        authenticated = clientID
        let parameters = tokenRequest.parameters
        guard let grantType = parameters["grant_type"], !grantType.isEmpty else {
            throw refused(.missingParameters, clientID: clientID, reason: "no grant_type")
        }
        guard ["authorization_code", "refresh_token", DeviceAuthorizationResponse.grantType].contains(grantType) else {
            throw refused(.invalidGrantType, clientID: clientID, reason: "grant_type \(grantType.prefix(40))")
        }
        RequestFacts.current?.noteGrantType(grantType)
        guard directory.hasUsableSubscription(client.application) else {
            throw refused(.notSubscribed, clientID: clientID, reason: "no subscription")
        }
        let boundKey: String?
        do {
            // Before the grant, so that a code is not spent on a request whose proof fails.
            boundKey = try dpop.boundKey(ofTokenRequest: request, issuer: issuer)
        } catch {
            throw refused(error, clientID: clientID, reason: "invalid DPoP proof")
        }
        do {
            switch grantType {
            case "authorization_code": return try await redeemCode(parameters, client: client, boundTo: boundKey)
            case DeviceAuthorizationResponse.grantType: return try await redeemDeviceCode(parameters, client: client, boundTo: boundKey)
            default: return try await refresh(parameters, client: client, boundTo: boundKey)
            }
        } catch let refusal as Refusal where refusal.asksADeviceToWait {
            // A device polls every few seconds while its user decides (RFC 8628 §3.5): the flow working, not a line.
            throw refusal
        } catch let refusal as Refusal {
            throw refused(refusal, clientID: clientID, reason: "grant refused")
        } catch {
            logger.error("Token request failed", metadata: ["client_id": "\(clientID)", "error": "\(error)"])
            throw .internalError
        }
    }

    /// RFC 6749 §4.1.3 and RFC 7636 §4.6: the code is consumed first, atomically; then it must belong to this
    /// client, name the same redirect_uri, and match its PKCE challenge. A replayed code revokes its tokens.
    /// The tokens are saved last, together, once the ID token is signed: a failure leaves none behind.
    private func redeemCode(_ parameters: [String: String], client: AuthenticatedClient, boundTo boundKey: String?) async throws -> Response {
        let application = client.application
        guard let code = parameters["code"], let redirectURI = parameters["redirect_uri"] else { throw Refusal.missingParameters }
        let now = clock.now()
        let redeemed: AuthorizationCode, grantGeneration: Int
        switch try await store.redeemCode(digest: TokenDigest(of: code), at: now) {
        case .redeemed(let code, let generation): (redeemed, grantGeneration) = (code, generation)
        case .unknown, .expired: throw Refusal(.badRequest, OAuthError.invalidAuthorizationCode)
        case .replayed(let grantID):
            consents.forget(grantID: grantID)
            logger.warning("Authorization code replayed: the grant's tokens are revoked", metadata: ["grant_id": "\(grantID)"])
            throw Refusal(.badRequest, OAuthError.invalidGrant)
        }
        guard let grant = try await store.grant(id: redeemed.grantID), grant.applicationID == application.id else {
            throw Refusal(.badRequest, OAuthError.invalidGrant)
        }
        // Bytes, not Swift's canonical equivalence (a Kelvin sign is not a K): RFC 6749 §4.1.3, "identical".
        guard redeemed.redirectURI.utf8.elementsEqual(redirectURI.utf8) else {
            throw Refusal(.badRequest, OAuthError.invalidRedirectURI)
        }
        guard Self.verifierMatches(parameters["code_verifier"], challenge: redeemed.codeChallenge) else {
            throw Refusal(.badRequest, OAuthError.invalidGrant)
        }
        guard let user = try await store.user(subject: grant.userSubject), !user.locked else {
            throw Refusal(.badRequest, OAuthError.invalidGrant)
        }
        return try await issueTokens(
            redeemed: redeemed, grant: grant, grantGeneration: grantGeneration, user: user, client: client, boundTo: boundKey, now: now)
    }

    /// The tokens of an authorization the user gave, once it is redeemed (a code, or a device's approval): an access
    /// token, a refresh token with `offline_access`, an ID token with `openid`, saved together; the access token bound
    /// to `boundKey` when the request proved one (RFC 9449 §5).
    func issueTokens(
        redeemed: some RedeemedAuthorization, grant: ConsentGrant, grantGeneration: Int, user: EndUser, client: AuthenticatedClient,
        boundTo boundKey: String?, now: Date
    ) async throws -> Response {
        let application = client.application
        let family = TokenFamily(
            client: client, grantID: grant.id, grantGeneration: grantGeneration, scope: redeemed.scope, issuedAt: now,
            authTime: redeemed.authTime, boundKey: boundKey)
        let accessToken = family.newToken(.access, lifetime: configuration.accessTokenLifetime)
        var issued = [accessToken]
        var response = family.response(accessToken)
        if redeemed.scope.tokens.contains("offline_access") {
            let refreshToken = family.newToken(.refresh, lifetime: configuration.refreshTokenLifetime)
            issued.append(refreshToken)
            response.refreshToken = refreshToken.value
        }
        if redeemed.scope.tokens.contains("openid") {
            // NumericDate in whole seconds (RFC 7519 §2), as every verifier expects.
            let now = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
            response.idToken = try await keyRing.sign(
                IDTokenClaims(
                    iss: IssuerClaim(value: issuer.url), sub: SubjectClaim(value: user.subject),
                    aud: AudienceClaim(value: application.clientID),
                    exp: ExpirationClaim(value: now.addingTimeInterval(TimeInterval(accessToken.expiresIn))),
                    iat: IssuedAtClaim(value: now), authTime: Int(redeemed.authTime.timeIntervalSince1970),
                    nonce: redeemed.nonce, acr: redeemed.acr, atHash: AccessTokenHash.of(accessToken.value),
                    azp: application.clientID, sid: redeemed.sessionID))
        }
        try await save(issued)
        return .token(response)
    }

    /// Seed 003: "if omitted, it is treated as equal to the scope originally granted …; if included with an
    /// invalid scope, the scope that have been originally granted by the end-user is returned"; a valid
    /// narrower scope narrows (RFC 6749 §6). The refresh token stays valid for its year.
    ///
    /// Issue 12: a refresh token of the generation a renewal replaced, presented with the new secret during the
    /// grace period, is exchanged for one of the new generation (RFC 6749 §6 allows a new refresh token), of the
    /// same scope and ending a year after the original was issued, even if the grace cut the original short: the
    /// users of an application that moved to its new secret need not sign in again when the grace ends.
    private func refresh(_ parameters: [String: String], client: AuthenticatedClient, boundTo boundKey: String?) async throws -> Response {
        let application = client.application
        guard let refreshToken = parameters["refresh_token"] else { throw Refusal.missingParameters }
        let now = clock.now()
        // Revocation by generation (ARCHITECTURE.md): refused once the secret was renewed (at the end of the
        // renewal's grace period, issue 12), the application's tokens or the grant's revoked after the refresh
        // token was obtained.
        guard let issued = try await store.token(digest: TokenDigest(of: refreshToken)), issued.kind == .refresh,
            issued.revokedAt == nil, issued.expiresAt > now, issued.applicationID == application.id,
            application.honours(credentialGeneration: issued.credentialGeneration, at: now),
            let grantID = issued.grantID, let grant = try await store.grant(id: grantID),
            issued.grantGeneration >= grant.generation,
            let user = try await store.user(subject: grant.userSubject), !user.locked
        else {
            throw Refusal(.badRequest, OAuthError.invalidGrant)
        }
        let original = Scopes(parsing: issued.scope ?? "")
        let asked = parameters["scope"].map(Scopes.init(parsing:))
        let scope = asked.flatMap { !$0.isEmpty && original.contains($0) ? $0 : nil } ?? original
        // The new access token descends from the refresh token's grant generation: a revocation committed after
        // the check above revokes it too. It keeps the original sign-in time: a refresh is no fresh sign-in.
        let family = TokenFamily(
            client: client, grantID: grant.id, grantGeneration: issued.grantGeneration, scope: scope, issuedAt: now,
            authTime: issued.authTime, boundKey: boundKey)
        let accessToken = family.newToken(.access, lifetime: configuration.accessTokenLifetime)
        var response = family.response(accessToken)
        var tokens = [accessToken]
        if client.credentialGeneration > issued.credentialGeneration {
            var successor = family
            successor.scope = original
            let end = issued.issuedAt.addingTimeInterval(TimeInterval(configuration.refreshTokenLifetime))
            let newRefreshToken = successor.newToken(.refresh, lifetime: Int(end.timeIntervalSince(now).rounded(.down)))
            tokens.append(newRefreshToken)
            response.refreshToken = newRefreshToken.value
        }
        try await save(tokens)
        return .token(response)
    }

    /// Saves the digests of the tokens of one answer in one transaction, and the access tokens in the cache the
    /// gateway reads.
    private func save(_ tokens: [TokenFamily.Member]) async throws {
        try await store.saveTokens(tokens.map(\.record))
        for token in tokens where token.record.kind == .access { tokenCache.insert(token.record) }
    }

    /// RFC 7636 §4.6, compared in constant time; RFC 9700 §2.1.1: a verifier without a challenge is a
    /// downgrade attempt and is refused.
    static func verifierMatches(_ verifier: String?, challenge: String?) -> Bool {
        switch (verifier, challenge) {
        case (nil, nil): return true
        case (let verifier?, let challenge?):
            guard PKCE.isValidVerifier(verifier) else { return false }
            return SHA256.hash(data: Data(PKCE.s256Challenge(for: verifier).utf8)) == SHA256.hash(data: Data(challenge.utf8))
        default: return false
        }
    }

    private func refused(_ refusal: Refusal, clientID: String?, reason: String) -> Refusal {
        refusal.logged(by: logger, "OpenID Connect token request refused", clientID: clientID, reason: reason)
    }
}
