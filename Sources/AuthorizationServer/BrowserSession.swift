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
struct BrowserSession: Codable, Sendable {
    var browserID: String
    /// The signed-in user, nil before sign-in.
    var subject: String?
    /// When the user last typed their password: the ID token's `auth_time`.
    var authTime: Date?
    /// The session ends then, signed in or not.
    var expiresAt: Date

    static let cookieName = "orangerie_session"

    static func anonymous(now: Date, lifetime: TimeInterval) -> BrowserSession {
        BrowserSession(browserID: RandomString.base64URL(byteCount: 32), expiresAt: now.addingTimeInterval(lifetime))
    }

    static func signedIn(subject: String, now: Date, lifetime: TimeInterval) -> BrowserSession {
        BrowserSession(
            browserID: RandomString.base64URL(byteCount: 32), subject: subject, authTime: now,
            expiresAt: now.addingTimeInterval(lifetime))
    }

    /// The value every form of this browser carries: a digest of the browser's id, never the id itself.
    var csrfToken: String {
        Data(SHA256.hash(data: Data(("csrf:" + browserID).utf8))).base64URLEncodedString()
    }

    /// Compares in constant time (swift-crypto's digest equality).
    func acceptsCSRFToken(_ presented: String?) -> Bool {
        guard let presented else { return false }
        return SHA256.hash(data: Data(presented.utf8)) == SHA256.hash(data: Data(csrfToken.utf8))
    }
}

/// What the login and consent forms carry between requests: the checked authorization request, bound to the
/// browser that started it and to the moment it started (which `prompt=login` and `max_age` compare with).
struct Interaction: Codable, Sendable {
    /// Nil when the user signs in to the account page rather than for an application.
    var request: AuthorizationRequest?
    var browserID: String
    var startedAt: Date
}

/// Seals and opens the cookie and the interaction, each under its own context so that one never opens as the
/// other.
struct SealedState: Sendable {
    let vault: CredentialVault

    func seal(_ value: some Encodable, context: Context) throws -> String {
        try vault.seal(try JSONEncoder().encode(value), boundTo: context.rawValue).base64URLEncodedString()
    }

    /// Nil for anything tampered with, truncated or sealed under another key or context.
    func open<Value: Decodable>(_ text: String?, as type: Value.Type, context: Context) -> Value? {
        guard let text, text.utf8.count <= 8192, let data = Data(base64URLEncoded: text),
            let clear = try? vault.open(data, boundTo: context.rawValue)
        else {
            return nil
        }
        return try? JSONDecoder().decode(Value.self, from: clear)
    }

    enum Context: String {
        case session = "orangerie/browser-session"
        case interaction = "orangerie/interaction"
    }
}
