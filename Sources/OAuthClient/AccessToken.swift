import Foundation
import OAuthCore

/// An access token and when it stops being valid.
///
/// The expiry is counted from the moment the token request was *sent*, not from when the answer arrived: the
/// server counts `expires_in` from when it generated the answer (RFC 6749 §5.1), which is between the two,
/// so this errs on the safe side by the request's round trip.
public struct AccessToken: Hashable, Sendable, Codable {
    public var value: Secret
    /// `Bearer` on Orange (RFC 6750); `DPoP` for a token bound to ``dpopKey`` (RFC 9449).
    public var tokenType: String
    /// When the request that got this token was sent.
    public var obtainedAt: Date
    /// `obtainedAt + expires_in`; nil when the server did not say (then the token is used until refused).
    public var expiresAt: Date?
    /// The granted scope, when the server said it (RFC 6749 §3.3).
    public var scope: String?
    /// A user's refresh token (3-legged, seed 003), kept with the access token it renews.
    public var refreshToken: Secret?
    /// The user's ID token as received, when there was one.
    public var idToken: Secret?
    /// The private key a DPoP-bound token is bound to, Base64url: kept with the token, since one is worthless without
    /// the other.
    public var dpopPrivateKey: Secret?

    public init(
        value: Secret, tokenType: String = "Bearer", obtainedAt: Date, expiresAt: Date?, scope: String? = nil,
        refreshToken: Secret? = nil, idToken: Secret? = nil
    ) {
        self.value = value
        self.tokenType = tokenType
        self.obtainedAt = obtainedAt
        self.expiresAt = expiresAt
        self.scope = scope
        self.refreshToken = refreshToken
        self.idToken = idToken
    }

    /// Reads a token endpoint's answer to a request sent at `sentAt`.
    public init(_ response: TokenResponse, sentAt: Date) {
        self.init(
            value: Secret(response.accessToken), tokenType: response.tokenType, obtainedAt: sentAt,
            expiresAt: response.expiresIn.map { sentAt.addingTimeInterval(TimeInterval($0)) }, scope: response.scope,
            refreshToken: response.refreshToken.map(Secret.init), idToken: response.idToken.map(Secret.init))
    }

    /// Reads a token endpoint's answer to a request sent at `sentAt` with a proof of `dpopKey`, if any: a Bearer token
    /// (RFC 6750), or a DPoP token (RFC 9449 §5), which keeps the key; a provider without DPoP answers Bearer.
    init(_ response: TokenResponse, sentAt: Date, dpopKey: DPoPKey?, from message: HTTPResponseMessage) throws(OAuthClientError) {
        self.init(response, sentAt: sentAt)
        if let dpopKey, tokenType.caseInsensitiveCompare("DPoP") == .orderedSame {
            dpopPrivateKey = Secret(dpopKey.rawRepresentation.base64URLEncodedString())
        } else if tokenType.caseInsensitiveCompare("Bearer") != .orderedSame {
            throw OAuthClientError.invalidResponse("token type \(tokenType) is not Bearer (RFC 6750)", from: message)
        }
    }

    /// The same token set with an access token no one may use any more: what is kept of a refused token that
    /// came with a refresh token, so that the refresh token survives.
    func spent() -> AccessToken {
        var spent = self
        spent.expiresAt = obtainedAt
        return spent
    }

    /// Whether the token is bound to a key, whose proof must go with it (RFC 9449 §7.1).
    public var isDPoPBound: Bool { tokenType.caseInsensitiveCompare("DPoP") == .orderedSame && dpopPrivateKey != nil }

    /// The key of a DPoP-bound token.
    public var dpopKey: DPoPKey? {
        guard isDPoPBound, let raw = dpopPrivateKey.flatMap({ Data(base64URLEncoded: $0.revealed) }) else { return nil }
        return try? DPoPKey(rawRepresentation: raw)
    }

    /// The `Authorization` header value: `Bearer <token>` (RFC 6750 §2.1), or `DPoP <token>` for a DPoP-bound token
    /// (RFC 9449 §7.1), which also needs a proof (``HTTPRequestMessage/proven(by:accessToken:nonce:)``).
    public var authorizationHeader: String { (isDPoPBound ? "DPoP " : "Bearer ") + value.revealed }

    /// Whether the token may still be sent at `now`, leaving `margin` before expiry for the request to arrive.
    /// The margin is at most half the token's lifetime, so that a short-lived token is still used.
    public func isUsable(at now: Date, margin: Duration) -> Bool {
        guard let expiresAt else { return true }
        let lifetime = expiresAt.timeIntervalSince(obtainedAt)
        let margin = min(TimeInterval(margin.components.seconds), lifetime / 2)
        return now < expiresAt.addingTimeInterval(-margin)
    }
}
