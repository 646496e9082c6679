import Foundation
import Hummingbird
import OAuthCore
import PlatformServices
import PlatformStore

/// What the tokens of a user's authorization descend from, whether a code or a device's approval carried it.
protocol RedeemedAuthorization {
    var scope: Scopes { get }
    /// The ID token's `auth_time`.
    var authTime: Date { get }
    var nonce: String? { get }
    var acr: String? { get }
    /// The ID token's `sid`.
    var sessionID: String? { get }
}

extension AuthorizationCode: RedeemedAuthorization {}

/// A device asks for no `nonce` nor `acr_values` (RFC 8628 §3.1).
extension DeviceApproval: RedeemedAuthorization {
    var nonce: String? { nil }
    var acr: String? { nil }
}

/// The token endpoint's `urn:ietf:params:oauth:grant-type:device_code` grant (RFC 8628 §3.4–3.5): each poll is one
/// transaction in the store (``DeviceAuthorization/polled(at:)``); an approved request is consumed by the poll that
/// finds it, which gets the same tokens as a code would, bound to `boundKey` when the poll proved a DPoP key.
extension OpenIDProvider {
    func redeemDeviceCode(_ parameters: [String: String], client: AuthenticatedClient, boundTo boundKey: String?) async throws -> Response {
        guard let deviceCode = parameters["device_code"] else { throw Refusal.missingParameters }
        let now = clock.now()
        let poll = try await store.pollDeviceAuthorization(
            digest: TokenDigest(of: deviceCode), applicationID: client.application.id, at: now)
        switch poll {
        case .pending: throw Refusal(.badRequest, OAuthError(.authorizationPending, "The user has not decided yet."))
        case .slowDown(let interval):
            throw Refusal(.badRequest, OAuthError(.slowDown, "Poll at most every \(interval) seconds."))
        case .denied: throw Refusal(.badRequest, OAuthError(.accessDenied, "The user refused the device."))
        case .expired: throw Refusal(.badRequest, OAuthError(.expiredToken, "The device code has expired."))
        case .unknown, .consumed: throw Refusal(.badRequest, OAuthError.invalidGrant)
        case .approved(let authorization):
            guard let approval = authorization.approval, let grant = try await store.grant(id: approval.grantID),
                grant.applicationID == client.application.id, let user = try await store.user(subject: approval.userSubject),
                !user.locked
            else {
                throw Refusal(.badRequest, OAuthError.invalidGrant)
            }
            return try await issueTokens(
                redeemed: approval, grant: grant, grantGeneration: approval.grantGeneration, user: user, client: client, boundTo: boundKey,
                now: now)
        }
    }
}
