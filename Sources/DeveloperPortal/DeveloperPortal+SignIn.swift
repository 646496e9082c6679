import Foundation
import Hummingbird
import Logging
import OAuthCore
import PlatformPages
import PlatformServices
import PlatformStore

/// Signing in and out through the provider's login page (``PortalSignIn``).
extension DeveloperPortal {
    /// `GET /portal`: MyApps for a signed-in developer, the welcome page otherwise.
    func home(_ request: Request) async -> Response {
        if session(of: request)?.isSignedIn == true { return Pages.seeOther(Paths.applications) }
        return render("home", request)
    }

    /// Sends the browser to the provider's login route with a fresh nonce, kept in a cookie for ten minutes.
    func signIn(_ request: Request, returnPath: String, reauthenticate: Bool) -> Response {
        let nonce = RandomString.base64URL(byteCount: 32)
        var query = [FormEncoding.Field("return", returnPath), FormEncoding.Field("nonce", nonce)]
        if reauthenticate { query.append(.init("prompt", "login")) }
        var response = Pages.seeOther(providerSignInPath + "?" + FormEncoding.encode(query))
        response.setCookie(cookie(PortalSession.nonceCookieName, value: nonce, maxAge: 600))
        return response
    }

    /// `GET /portal/signed-in?ticket=…`: opens the provider's ticket, checks it is this browser's and fresh, and starts
    /// the portal's session.
    func signedIn(_ request: Request) async -> Response {
        let now = clock.now()
        guard let ticket = sealed.open(request.uri.queryParameters["ticket"].map(String.init), as: PortalSignIn.Ticket.self, context: .portalTicket),
            ticket.expiresAt > now, let nonce = request.cookies[PortalSession.nonceCookieName]?.value,
            CSRFToken.matches(nonce, ticket.nonce), PortalSignIn.isPortalPath(ticket.returnPath)
        else {
            return errorPage(request, status: .forbidden, message: \.expiredPage)
        }
        do {
            // A developer, or an administrator of the console (issue 13, item 4), who need not be one.
            let isDeveloper = try await store.developer(subject: ticket.subject) != nil
            let isAdministrator = try await store.user(subject: ticket.subject)?.isAdministrator == true
            guard isDeveloper || isAdministrator else {
                return errorPage(request, status: .forbidden, message: \.notADeveloper)
            }
        } catch {
            return failure(request, error, doing: "Could not read a developer")
        }
        let session = PortalSession(
            subject: ticket.subject, authTime: ticket.authTime, browserID: RandomString.base64URL(byteCount: 32),
            expiresAt: now.addingTimeInterval(configuration.sessionLifetime))
        guard let value = try? sealed.seal(session, context: .portalSession) else {
            return errorPage(request, status: .internalServerError, message: \.unexpected)
        }
        var response = Pages.seeOther(ticket.returnPath)
        response.setCookie(cookie(PortalSession.cookieName, value: value))
        response.setCookie(cookie(PortalSession.nonceCookieName, value: "", maxAge: 0))
        return response
    }

    /// `POST /portal/signout`: ends the portal's session and the provider's (one session, ended once).
    func signOut(_ request: Request) async -> Response {
        let session = session(of: request)
        guard await checkedForm(request, session: session) != nil else {
            return errorPage(request, status: .forbidden, message: \.expiredPage)
        }
        var response = Pages.seeOther(Paths.home)
        response.setCookie(cookie(PortalSession.cookieName, value: "", maxAge: 0))
        response.setCookie(
            Cookie(
                name: providerSessionCookie.name, value: "", maxAge: 0, path: providerSessionCookie.path,
                secure: configuration.secureCookies, httpOnly: true, sameSite: .lax))
        return response
    }
}
