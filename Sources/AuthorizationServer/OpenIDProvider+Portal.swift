import Foundation
import Hummingbird
import Logging
import OAuthCore
import PlatformPages
import PlatformServices
import PlatformStore

/// The developer portal's sign-in through the provider's own login page, session and throttle (``PortalSignIn``;
/// issue 12, item 1: "Sign-in reuses the platform's own login page and session").
extension OpenIDProvider {
    /// The single sign-on session's cookie, which the portal's sign-out ends too.
    package static let sessionCookie = (name: BrowserSession.cookieName, path: Paths.base)

    /// `GET …/login/portal?return=PATH&nonce=N[&prompt=login]`: with a session and no `prompt=login`, straight back to
    /// the portal with a ticket; otherwise the login page, whose success sends the browser back the same way.
    func signInForPortal(_ request: Request) async -> Response {
        let text = text(for: request, preferring: [])
        let query = request.uri.queryParameters
        guard let returnPath = query["return"].map(String.init), PortalSignIn.isPortalPath(returnPath),
            let nonce = query["nonce"].map(String.init), (16...128).contains(nonce.utf8.count)
        else {
            return pages.error(text.expiredPage, text: text)
        }
        let portal = PortalSignIn.Request(returnPath: returnPath, nonce: nonce, reauthenticate: query["prompt"] == "login")
        let existing = session(of: request)
        let session = existing ?? .anonymous(now: clock.now(), lifetime: TimeInterval(configuration.sessionLifetime))
        let user: EndUser?
        do {
            user = try await signedInUser(session)
            if !portal.reauthenticate, let user, let authTime = session.authTime {
                return seeOther(try portalCallback(portal, subject: user.subject, authTime: authTime))
            }
        } catch {
            logger.error("Could not read the session's user", metadata: ["error": "\(error)"])
            return pages.error(text.expiredPage, text: text, status: .internalServerError)
        }
        let interaction = Interaction(request: nil, portal: portal, browserID: session.browserID, startedAt: clock.now())
        // Confirming the password of a live session: the username is known, only the password is asked.
        var response = loginPage(interaction, session: session, application: nil, text: text, username: user?.username)
        if existing == nil { setCookie(session, on: &response) }
        return response
    }

    /// The portal's callback with a one-minute ticket for `subject`, bound to the portal's nonce.
    func portalCallback(_ portal: PortalSignIn.Request, subject: String, authTime: Date) throws -> String {
        let ticket = PortalSignIn.Ticket(
            subject: subject, authTime: authTime, nonce: portal.nonce, returnPath: portal.returnPath,
            expiresAt: clock.now().addingTimeInterval(PortalSignIn.ticketLifetime))
        return PortalSignIn.callbackPath + "?" + FormEncoding.encode([.init("ticket", try sealed.seal(ticket, context: .portalTicket))])
    }
}
