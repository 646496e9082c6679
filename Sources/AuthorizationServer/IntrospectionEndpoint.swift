import HTTPTypes
import Hummingbird
import Logging
import OAuthCore
import PlatformServices
import PlatformStore

/// Token introspection (RFC 7662): a resource server that does not sit behind the gateway asks whether a token is
/// live (issue 16, item 2). Served beside each token endpoint, with that endpoint's client authentication and words:
/// `POST /oauth/v3/introspect` (seed 002's) and `POST /openidconnect/fr/v1/introspect` (seed 003's, advertised in
/// discovery). Both judge every token of the platform, client credentials and 3-legged alike.
///
/// - The caller authenticates as at the token endpoints (§2.1, RFC 6749 §2.3.1), and bad credentials get the same
///   401 (§2.3). An application the operator has not allowed (`orangerie app introspection --allow`) gets 403
///   `unauthorized_client`: §4 leaves to the server which protected resources may introspect.
/// - The answer (§2.2) is the ``AccessTokenVerifier``'s judgement, the gateway's own: unknown, expired, revoked (by
///   the application's credential generation or the grant's), of a withdrawn consent or a locked user, or of a
///   suspended application, all give `{"active": false}`. Refresh tokens are judged too, by the same rules; they
///   have no `token_type`, which RFC 6749 §7.1 defines for access tokens only.
/// - `token_type_hint` (§2.1) is accepted and needs no reading: one lookup by the token's digest finds either kind.
/// - `aud` names the APIs the token's application may call through the gateway (its subscriptions to APIs not
///   retired); absent when there is none.
package struct IntrospectionEndpoint: Sendable {
    /// Beside seed 002's `/oauth/v3/token`.
    package static let path = "/oauth/v3/introspect"

    private let directory: PlatformDirectory
    private let verifier: AccessTokenVerifier
    private let twoLegged: ClientAuthenticator
    private let openID: ClientAuthenticator
    private let maximumBodySize: Int
    private let logger: Logger

    package init(
        directory: PlatformDirectory, vault: CredentialVault, verifier: AccessTokenVerifier, maximumBodySize: Int = 16 * 1024,
        clock: WallClock = .system, logger: Logger
    ) {
        self.directory = directory
        self.verifier = verifier
        twoLegged = ClientAuthenticator(directory: directory, vault: vault, wording: .seed002, clock: clock, logger: logger)
        openID = ClientAuthenticator(directory: directory, vault: vault, wording: .seed003, clock: clock, logger: logger)
        self.maximumBodySize = maximumBodySize
        self.logger = logger
    }

    /// Both paths, for every method as the token endpoints do: a method other than POST gets their 400.
    package func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        for method in [HTTPRequest.Method.get, .head, .post, .put, .delete, .patch, .options] {
            router.on(RouterPath(Self.path), method: method) { request, _ in
                await respond(to: request, authenticator: twoLegged, dropsFinalPeriod: false)
            }
            router.on(RouterPath(OpenIDProvider.Paths.introspection), method: method) { request, _ in
                await respond(to: request, authenticator: openID, dropsFinalPeriod: true)
            }
        }
    }

    /// The introspection response (§2.2), or the refusal (§2.3); seed 003's words drop the final period of seed
    /// 002's descriptions.
    private func respond(to request: Request, authenticator: ClientAuthenticator, dropsFinalPeriod: Bool) async -> Response {
        do throws(Refusal) {
            let form = try await TokenRequest.read(request, maximumBodySize: maximumBodySize, requiresJSONAccept: false)
            let client = try await authenticator.authenticate(form).application
            guard client.mayIntrospect else {
                throw Refusal.introspectionNotAllowed.logged(
                    by: logger, "Introspection refused", clientID: client.clientID, reason: "not allowed to introspect")
            }
            guard let token = form.parameters["token"], !token.isEmpty else { throw .missingParameters }
            return .uncached(try await introspect(token, for: client.clientID))
        } catch {
            return (dropsFinalPeriod ? error.withoutFinalPeriod : error).response
        }
    }

    /// What the platform knows of `token`, as the gateway judges it; a store failure is a 500, never an answer.
    private func introspect(_ token: String, for clientID: String) async throws(Refusal) -> Introspection {
        let outcome: AccessTokenVerifier.Outcome
        do {
            outcome = try await verifier.verify(token, kinds: [.access, .refresh])
        } catch {
            logger.error("Introspection failed", metadata: ["client_id": "\(clientID)", "error": "\(error)"])
            throw .internalError
        }
        guard case .valid(let issued, let application, let subject) = outcome, application.status == .active else { return .inactive }
        let audience = directory.usableSubscriptions(of: application)
        return Introspection(
            isActive: true, scope: issued.scope, clientID: application.clientID, subject: subject,
            tokenType: issued.kind == .access ? TokenResponse.tokenType(isBoundToKey: issued.dpopKeyThumbprint != nil) : nil,
            expiresAt: issued.expiresAt, issuedAt: issued.issuedAt, audience: audience.isEmpty ? nil : audience,
            keyThumbprint: issued.dpopKeyThumbprint)
    }
}
