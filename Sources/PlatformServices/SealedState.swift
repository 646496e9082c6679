import Foundation
import OAuthCore

/// Seals and opens the state the platform's pages keep in the browser (cookies, forms, the sign-in ticket of the
/// portal) with AES-GCM under the platform's key, each kind under its own context so that one never opens as
/// another. Needs no table, survives restarts and is shared by every instance.
package struct SealedState: Sendable {
    private let vault: CredentialVault

    package init(vault: CredentialVault) {
        self.vault = vault
    }

    package func seal(_ value: some Encodable, context: Context) throws -> String {
        try vault.seal(try JSONEncoder().encode(value), boundTo: context.rawValue).base64URLEncodedString()
    }

    /// Nil for anything tampered with, truncated or sealed under another key or context.
    package func open<Value: Decodable>(_ text: String?, as type: Value.Type, context: Context) -> Value? {
        guard let text, text.utf8.count <= 8192, let data = Data(base64URLEncoded: text),
            let clear = try? vault.open(data, boundTo: context.rawValue)
        else {
            return nil
        }
        return try? JSONDecoder().decode(Value.self, from: clear)
    }

    /// The session a cookie holds, unless it is tampered with (as ``open(_:as:context:)``) or past its `expiresAt`.
    package func openSession<Session: SealedSession>(_ cookie: String?, as type: Session.Type, context: Context, now: Date) -> Session? {
        guard let session = open(cookie, as: Session.self, context: context), session.expiresAt > now else { return nil }
        return session
    }

    package enum Context: String, Sendable {
        /// The provider's single sign-on session.
        case session = "orangerie/browser-session"
        /// What the login and consent forms carry between requests.
        case interaction = "orangerie/interaction"
        /// The one-minute ticket the login page hands the portal (``PortalSignIn``).
        case portalTicket = "orangerie/portal-ticket"
        /// The portal's own session cookie.
        case portalSession = "orangerie/portal-session"
    }
}

/// A session kept in a sealed cookie: the provider's single sign-on session and the portal's.
package protocol SealedSession: Decodable {
    /// When the cookie stops opening, whatever the browser does with it.
    var expiresAt: Date { get }
}
