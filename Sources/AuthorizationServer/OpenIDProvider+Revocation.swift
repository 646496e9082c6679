import Foundation
import Hummingbird
import Logging
import OAuthCore
import PlatformServices
import PlatformStore

/// `POST /openidconnect/fr/v1/revoke` (RFC 7009), what a client calls when its user signs out.
///
/// A user's token (access or refresh) revokes every token of its grant issued so far (§2.1), while the consent
/// stays: the user signs in again without being asked. An unknown token, or one of another client, gets 200 as
/// §2.2 says, and nothing happens. Client-credentials tokens are not revocable here (`unsupported_token_type`,
/// §2.2.1): `orangerie app revoke-tokens` does that.
extension OpenIDProvider {
    func revoke(_ request: Request) async -> Response {
        do {
            let revocation = try await TokenRequest.read(
                request, maximumBodySize: configuration.maximumBodySize, requiresJSONAccept: false)
            let application = try await authenticator.authenticate(revocation).application
            let clientID = application.clientID
            guard let token = revocation.parameters["token"] else { throw Refusal.missingParameters }
            do {
                if let issued = try await store.token(digest: TokenDigest(of: token)), issued.applicationID == application.id {
                    guard let grantID = issued.grantID else {
                        throw Refusal(.badRequest, OAuthError(.unsupportedTokenType, "client credentials tokens are revoked by an administrator"))
                    }
                    try await store.revokeTokens(grantID: grantID)
                    consents.forget(grantID: grantID)
                    logger.info("Tokens revoked by their client", metadata: ["client_id": "\(clientID)"])
                }
            } catch let refusal as Refusal {
                throw refusal
            } catch {
                logger.error("Token revocation failed", metadata: ["client_id": "\(clientID)", "error": "\(error)"])
                throw Refusal.internalError
            }
            return Response(status: .ok, headers: [.cacheControl: "no-store"])
        } catch let refusal as Refusal {
            return refusal.withoutFinalPeriod.response
        } catch {
            return Refusal.internalError.response
        }
    }
}
