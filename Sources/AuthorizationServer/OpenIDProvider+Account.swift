import Foundation
import Hummingbird
import Logging
import OAuthCore
import PlatformPages
import PlatformServices
import PlatformStore

/// The account page, where a signed-in user sees the applications they consented to and withdraws any
/// consent (seed 003: "A consent may be revoked at any time by the end-user"; issue 5, "Consent management").
extension OpenIDProvider {
    /// `GET …/account`: the consents of the signed-in user, or the login page.
    func account(_ request: Request) async -> Response {
        let text = text(for: request, preferring: [])
        let existing = session(of: request)
        let session = existing ?? .anonymous(now: clock.now(), lifetime: TimeInterval(configuration.sessionLifetime))
        do {
            guard let user = try await signedInUser(session) else {
                let interaction = Interaction(request: nil, browserID: session.browserID, startedAt: clock.now())
                var response = loginPage(interaction, session: session, application: nil, text: text)
                if existing == nil { setCookie(session, on: &response) }
                return response
            }
            let grants: [[String: Any]] = try await store.grants(userSubject: user.subject).compactMap { grant in
                guard let application = directory.application(id: grant.applicationID) else { return nil }
                return [
                    "applicationName": application.name, "clientID": application.clientID,
                    "scopes": grant.scope.tokens.sorted(by: Self.consentOrder).map(text.label(forScope:)).joined(separator: " · "),
                    "csrfToken": session.csrfToken, "revokeAction": Paths.accountRevoke, "text": text,
                ]
            }
            return pages.render(
                "account", text: text,
                values: [
                    "username": user.username, "grants": grants, "hasGrants": !grants.isEmpty, "csrfToken": session.csrfToken,
                    "logoutAction": Paths.logout,
                ])
        } catch {
            logger.error("Could not show the account page", metadata: ["error": "\(error)"])
            return pages.error(text.expiredPage, text: text, status: .internalServerError)
        }
    }

    /// `POST …/account/revoke` with `client_id`: withdraws the consent; its refresh tokens stop working and its
    /// access tokens get seed 003's "no consent has been found".
    func revokeFromAccount(_ request: Request) async -> Response {
        let text = text(for: request, preferring: [])
        guard let form = await readForm(request).map(Form.init), let session = session(of: request),
            session.acceptsCSRFToken(form["csrf_token"])
        else {
            return pages.error(text.expiredPage, text: text, status: .forbidden)
        }
        do {
            guard let user = try await signedInUser(session) else { return seeOther(Paths.account) }
            if let clientID = form["client_id"], let application = directory.application(clientID: clientID),
                let grant = try await store.grant(userSubject: user.subject, applicationID: application.id)
            {
                // The user is the actor of the audit entry (issue 13, item 3).
                _ = try await AuditActor.$current.withValue(.user(user.username)) { try await store.revokeGrant(id: grant.id) }
                consents.forget(grantID: grant.id)
                logger.info("Consent withdrawn by the user", metadata: ["client_id": "\(clientID)"])
            }
            return seeOther(Paths.account)
        } catch {
            logger.error("Could not withdraw a consent", metadata: ["error": "\(error)"])
            return pages.error(text.expiredPage, text: text, status: .internalServerError)
        }
    }

    /// `POST …/logout`: ends the single sign-on session, as the end-session endpoint does.
    func signOut(_ request: Request) async -> Response {
        guard let form = await readForm(request).map(Form.init), let session = session(of: request),
            session.acceptsCSRFToken(form["csrf_token"])
        else {
            let text = text(for: request, preferring: [])
            return pages.error(text.expiredPage, text: text, status: .forbidden)
        }
        var response = seeOther(Paths.account)
        end(session, on: &response)
        return response
    }
}
