import Foundation

/// How the developer portal signs developers in with the provider's own login page, session and throttle (issue 12,
/// item 1), without an OAuth round trip to itself.
///
/// 1. The portal sets a random `nonce` in a cookie of its own path and sends the browser to the provider's login
///    route with ``Request`` (the portal path to come back to, the nonce, and whether a fresh password is needed).
/// 2. The provider signs the user in (or finds its session), then sends the browser back to ``callbackPath`` with a
///    ``Ticket`` sealed under ``SealedState/Context/portalTicket``: the subject, when the password was typed, the
///    nonce, and a one-minute expiry.
/// 3. The portal opens the ticket, checks that its nonce is the browser's cookie (a ticket stolen from a URL is
///    useless in another browser, and no one can sign a victim into the attacker's account) and starts its session.
///
/// This is the authorization code flow's shape — a short-lived artifact bound to the browser that asked for it —
/// with the token endpoint replaced by a seal both sides can open, since they are one process sharing one key.
package enum PortalSignIn {
    /// Where the portal receives the ticket.
    package static let callbackPath = "/portal/signed-in"

    /// What the portal asks the login route for.
    package struct Request: Codable, Hashable, Sendable {
        /// A path of the portal, checked by ``isPortalPath(_:)``.
        package var returnPath: String
        package var nonce: String
        /// Ask for the password even when a session exists (revealing a secret needs one typed within 5 minutes).
        package var reauthenticate: Bool

        package init(returnPath: String, nonce: String, reauthenticate: Bool) {
            self.returnPath = returnPath
            self.nonce = nonce
            self.reauthenticate = reauthenticate
        }
    }

    /// What the provider hands back, sealed.
    package struct Ticket: Codable, Hashable, Sendable {
        package var subject: String
        package var authTime: Date
        package var nonce: String
        package var returnPath: String
        package var expiresAt: Date

        package init(subject: String, authTime: Date, nonce: String, returnPath: String, expiresAt: Date) {
            self.subject = subject
            self.authTime = authTime
            self.nonce = nonce
            self.returnPath = returnPath
            self.expiresAt = expiresAt
        }
    }

    /// How long a ticket can be used.
    package static let ticketLifetime: TimeInterval = 60

    /// Whether `path` is one of the portal's own pages: an absolute path under `/portal`, without a scheme, an
    /// authority (`//host`), a backslash or a control character, so that a return path is never an open redirect.
    package static func isPortalPath(_ path: String) -> Bool {
        (path == "/portal" || path.hasPrefix("/portal/") || path.hasPrefix("/portal?")) && !path.contains("//")
            && !path.contains("\\") && path.utf8.count <= 512 && !path.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7f }
    }
}
