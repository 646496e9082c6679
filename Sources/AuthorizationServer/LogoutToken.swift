import Foundation
import JWTKit
import PlatformServices

/// The claims of a logout token (OpenID Connect Back-Channel Logout 1.0 §2.4): which session of which user ended,
/// for one application, signed by the ``KeyRing`` with the header `typ: logout+jwt`; never a `nonce`.
struct LogoutToken: JWTPayload {
    /// §2.4's `events` member: the back-channel logout event, with an empty object.
    static let event = "http://schemas.openid.net/event/backchannel-logout"
    /// The `typ` header §2.4 recommends, so that a logout token is never taken for an ID token.
    static let type = "logout+jwt"
    /// How long a logout token is accepted: §2.4 recommends a short lifetime ("about two minutes").
    static let lifetime: TimeInterval = 120

    var iss: IssuerClaim
    var aud: AudienceClaim
    var iat: IssuedAtClaim
    var exp: ExpirationClaim
    var jti: IDClaim
    var sub: SubjectClaim
    var sid: String
    var events: [String: [String: String]]

    /// A token for `clientID` saying that the session `sid` of `subject` ended, issued `now` (whole seconds).
    init(issuer: String, clientID: String, subject: String, sessionID: String, now: Date) {
        let now = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        iss = IssuerClaim(value: issuer)
        aud = AudienceClaim(value: clientID)
        iat = IssuedAtClaim(value: now)
        exp = ExpirationClaim(value: now.addingTimeInterval(Self.lifetime))
        jti = IDClaim(value: RandomString.base64URL(byteCount: 16))
        sub = SubjectClaim(value: subject)
        sid = sessionID
        events = [Self.event: [:]]
    }

    /// The provider signs these claims; it never verifies them.
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
