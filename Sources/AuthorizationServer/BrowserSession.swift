import Crypto
import Foundation
import Hummingbird
import OAuthCore
import PlatformServices
import PlatformStore

/// The single sign-on session of one browser, kept in a cookie sealed with AES-GCM under the platform's key
/// (so it needs no table, survives restarts and is shared by every instance), HttpOnly and SameSite=Lax,
/// Secure under https (issue 5, "a single sign-on session cookie").
///
/// `browserID` is random and changes at each sign-in (no session fixation); forms carry a CSRF token derived
/// from it, so a form only posts from the browser that was shown it.
struct BrowserSession: Codable, Sendable, SealedSession {
    var browserID: String
    /// The signed-in user, nil before sign-in.
    var subject: String?
    /// When the user last typed their password: the ID token's `auth_time`.
    var authTime: Date?
    /// The session ends then, signed in or not.
    var expiresAt: Date
    /// The client_ids of the applications given a code in this session, oldest first: those told by back-channel when
    /// it ends (OpenID Connect Back-Channel Logout 1.0 §2.7). Nil in a session without any (and in cookies sealed
    /// before sign-out existed).
    var clientIDs: [String]? = nil

    /// How many applications a session remembers; the oldest is forgotten beyond, so the cookie stays small.
    static let maximumClientIDs = 20

    static let cookieName = "orangerie_session"

    static func anonymous(now: Date, lifetime: TimeInterval) -> BrowserSession {
        BrowserSession(browserID: RandomString.base64URL(byteCount: 32), expiresAt: now.addingTimeInterval(lifetime))
    }

    static func signedIn(subject: String, now: Date, lifetime: TimeInterval) -> BrowserSession {
        BrowserSession(
            browserID: RandomString.base64URL(byteCount: 32), subject: subject, authTime: now,
            expiresAt: now.addingTimeInterval(lifetime))
    }

    /// The session's `sid` (OpenID Connect Back-Channel Logout 1.0 §2.1): a digest of the browser's id, stable from one
    /// sign-in to the next (the id changes at each sign-in), and never the id itself.
    var sessionID: String { CSRFToken.derive(browserID: browserID, label: "sid") }

    /// The session once `clientID` got a code in it, or nil when it already had one.
    func recording(clientID: String) -> BrowserSession? {
        let known = clientIDs ?? []
        guard !known.contains(clientID) else { return nil }
        var session = self
        session.clientIDs = Array((known + [clientID]).suffix(Self.maximumClientIDs))
        return session
    }

    /// The value every form of this browser carries: a digest of the browser's id, never the id itself.
    var csrfToken: String { CSRFToken.derive(browserID: browserID, label: "csrf") }

    func acceptsCSRFToken(_ presented: String?) -> Bool { CSRFToken.matches(presented, csrfToken) }
}

/// What the login and consent forms carry between requests: the checked authorization request (or the device to
/// approve), bound to the browser that started it and to the moment it started (which `prompt=login` and `max_age`
/// compare with).
struct Interaction: Codable, Sendable {
    /// Nil when the user signs in to the account page or the portal rather than for an application.
    var request: AuthorizationRequest?
    /// Set when the user signs in for the developer portal (``PortalSignIn``).
    var portal: PortalSignIn.Request? = nil
    /// Set when the user approves a device (RFC 8628 §3.3, ``OpenIDProvider/verifyUserCode(_:clientAddress:)``).
    var device: DeviceVerification? = nil
    var browserID: String
    var startedAt: Date

    /// The scopes the consent page asks the user for.
    var askedScopes: Scopes? { request?.scopes ?? device.map { Scopes(parsing: $0.scope) } }
}
