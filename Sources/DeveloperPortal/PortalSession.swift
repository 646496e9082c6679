import Foundation
import PlatformServices

/// The portal's session of one browser, in a cookie of the portal's path sealed under the platform's key (no table,
/// shared by every instance), started from the provider's sign-in ticket (``PortalSignIn``).
struct PortalSession: Codable, Sendable, SealedSession {
    var subject: String
    /// When the developer last typed their password on the login page.
    var authTime: Date
    /// Random, new at each sign-in; the forms' CSRF token derives from it.
    var browserID: String
    var expiresAt: Date

    static let cookieName = "orangerie_portal"
    /// Holds the nonce of a sign-in under way, which the ticket must carry back.
    static let nonceCookieName = "orangerie_portal_signin"

    /// What every form of this browser carries: a digest of the browser's id, never the id itself.
    var csrfToken: String { CSRFToken.derive(browserID: browserID, label: "portal-csrf") }

    func acceptsCSRFToken(_ presented: String?) -> Bool { CSRFToken.matches(presented, csrfToken) }

    /// False for the session a sign-up or verification form starts, which only carries a CSRF token.
    var isSignedIn: Bool { !subject.isEmpty }

    /// Whether the password was typed within `freshness` of `now`.
    func isFresh(now: Date, freshness: TimeInterval) -> Bool {
        now.timeIntervalSince(authTime) <= freshness
    }
}
