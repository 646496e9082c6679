import Foundation
import Hummingbird
import Logging
import OAuthCore
import PlatformPages
import PlatformServices
import PlatformStore

/// MyApps and an application's Credentials tab (issue 12, item 2; seed 002: "with one application are associated …
/// only one set of credentials", "available in your client space MyApps > tab Credentials").
extension DeveloperPortal {
    /// The signed-in developer and session, or the answer to give instead: the sign-in for a page, 403 for a form.
    func signedIn(_ request: Request, returnPath: String) async -> Result<(PortalSession, Developer), Refused> {
        guard let session = session(of: request), session.isSignedIn else {
            return .failure(Refused(signIn(request, returnPath: returnPath, reauthenticate: false)))
        }
        do {
            guard let developer = try await developer(of: session) else {
                return .failure(Refused(errorPage(request, status: .forbidden, message: \.notADeveloper)))
            }
            return .success((session, developer))
        } catch {
            return .failure(Refused(failure(request, error, doing: "Could not read a developer")))
        }
    }

    /// A signed-in developer's form with the session's CSRF token, or the answer to give instead (403).
    func developerForm(_ request: Request) async -> Result<(Form, PortalSession, Developer), Refused> {
        let session = session(of: request)
        guard let form = await checkedForm(request, session: session), let session, session.isSignedIn else {
            return .failure(Refused(errorPage(request, status: .forbidden, message: \.expiredPage)))
        }
        do {
            guard let developer = try await developer(of: session) else {
                return .failure(Refused(errorPage(request, status: .forbidden, message: \.notADeveloper)))
            }
            return .success((form, session, developer))
        } catch {
            return .failure(Refused(failure(request, error, doing: "Could not read a developer")))
        }
    }

    /// How many applications a page of MyApps lists.
    static let applicationsPerPage = 50

    /// `GET /portal/apps[?page=N]`: MyApps, fifty applications a page, oldest first.
    func applications(_ request: Request) async -> Response {
        switch await signedIn(request, returnPath: Paths.applications) {
        case .failure(let refused): return refused.response
        case .success(let (session, developer)):
            do {
                let perPage = Self.applicationsPerPage
                let number = request.uri.queryParameters["page"].flatMap { Int($0) }.map { min(max($0, 1), 1_000_000) } ?? 1
                let page = try await store.applications(clientSpaceID: developer.clientSpaceID, offset: (number - 1) * perPage, limit: perPage)
                let pageLink = { (number: Int) in Paths.applications + "?page=\(number)" }
                let pageCount = (page.total + perPage - 1) / perPage
                if page.applications.isEmpty && number > 1 { return Pages.seeOther(pageLink(max(pageCount, 1))) }
                let first = (number - 1) * perPage + 1
                return render(
                    "applications", request, session: session,
                    values: [
                        "developerName": developer.name, "email": developer.email, "verified": developer.emailVerifiedAt != nil,
                        "applications": page.applications.map { ["name": $0.name, "clientID": $0.clientID, "status": $0.status.rawValue, "link": Paths.application($0.clientID)] },
                        "hasApplications": page.total > 0, "createAction": Paths.applications,
                        "shown": text(for: request).applicationsShown(first: first, last: first + page.applications.count - 1, total: page.total),
                        "previous": Self.optional(number > 1 ? pageLink(number - 1) : nil),
                        "next": Self.optional(number < pageCount ? pageLink(number + 1) : nil),
                    ])
            } catch {
                return failure(request, error, doing: "Could not list applications")
            }
        }
    }

    /// `POST /portal/apps`: creates an application in the developer's client space (verified developers only).
    func createApplication(_ request: Request) async -> Response {
        let (form, session, developer): (Form, PortalSession, Developer)
        switch await developerForm(request) {
        case .failure(let refused): return refused.response
        case .success(let checked): (form, session, developer) = checked
        }
        do {
            guard developer.emailVerifiedAt != nil else { return errorPage(request, status: .forbidden, message: \.verifyFirst) }
            let redirectURIs = Self.lines(form["redirect_uris"] ?? "")
            let provisioned = try await developer.acting {
                try await provisioning.createApplication(
                    email: developer.email, name: form["name"] ?? "", description: form["description"] ?? "", redirectURIs: redirectURIs)
            }
            await catchUp()
            logger.info("Application created from the portal", metadata: ["client_id": "\(provisioned.application.clientID)"])
            return Pages.seeOther(Paths.application(provisioned.application.clientID))
        } catch let invalid as InvalidInput {
            return render("error", request, status: .badRequest, session: session, values: ["message": invalid.description])
        } catch {
            return failure(request, error, doing: "Could not create an application")
        }
    }

    /// `GET /portal/apps/ID`: the application's Credentials tab, with the client_id and the way to see the secret.
    func application(_ request: Request, clientID: String) async -> Response {
        await showApplication(request, clientID: clientID, revealing: false)
    }

    /// `GET /portal/apps/ID/credentials`: the secret and the ready-made header again, after a password typed within
    /// five minutes (else the login page first); each reveal is written to the audit trail, so to the Activity tab.
    func credentials(_ request: Request, clientID: String) async -> Response {
        await showApplication(request, clientID: clientID, revealing: true)
    }

    private func showApplication(_ request: Request, clientID: String, revealing: Bool) async -> Response {
        let path = revealing ? Paths.credentials(clientID) : Paths.application(clientID)
        switch await signedIn(request, returnPath: path) {
        case .failure(let refused): return refused.response
        case .success(let (session, developer)):
            do {
                guard let application = try await store.application(clientID: clientID, ownedBy: developer) else {
                    return errorPage(request, status: .notFound, message: \.noSuchApplication)
                }
                let text = text(for: request)
                let apis = Dictionary(try await store.apis().map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
                let subscriptions = try await store.subscriptions(clientID: clientID).map { subscription -> [String: Any] in
                    let limits = apis[subscription.apiName].map { $0.limits.overridden(by: subscription.limitOverride) }
                    return [
                        "api": subscription.apiName, "link": Paths.api(subscription.apiName),
                        "status": text.subscriptionStatus(subscription.status), "reason": Self.optional(subscription.reason),
                        "limits": limits.map(text.describe) ?? "",
                    ]
                }
                var values: [String: Any] = [
                    "name": application.name, "description": Self.optional(application.description), "clientID": application.clientID,
                    "status": application.status.rawValue, "redirectURIs": application.redirectURIs.joined(separator: "\n"),
                    "subscriptions": subscriptions, "hasSubscriptions": !subscriptions.isEmpty,
                    "revealLink": Paths.credentials(clientID), "usageLink": Paths.usage(clientID),
                    "usageTitle": UsageText.choose(PageLanguage.accepted(by: request)).usage, "renewAction": Paths.application(clientID) + "/renew",
                    "deleteAction": Paths.application(clientID) + "/delete",
                    "redirectAction": Paths.application(clientID) + "/redirect-uris",
                    "editAction": Paths.application(clientID) + "/edit", "descriptionText": application.description,
                    "unsubscribeAction": Paths.application(clientID) + "/unsubscribe",
                    "previousSecretValidUntil": Self.optional(
                        application.credential.previousSecretValidUntil.flatMap { $0 > clock.now() ? $0.formatted(.iso8601) : nil }),
                    "renewHint": configuration.secretRenewalGrace > 0
                        ? text.renewWithGraceHint(hours: configuration.secretRenewalGrace / 3600) : text.renewHint,
                ]
                if revealing {
                    guard session.isFresh(now: clock.now(), freshness: configuration.revealFreshness) else {
                        return signIn(request, returnPath: path, reauthenticate: true)
                    }
                    let credentials = try provisioning.credentials(of: application)
                    values["clientSecret"] = credentials.clientSecret
                    values["authorizationHeader"] = "Authorization: " + credentials.authorizationHeader()
                    try await store.recordAudit(AuditEvent(.secretRevealed, by: .developer(developer.email)), clientID: clientID)
                    logger.info("Secret revealed on the portal", metadata: ["client_id": "\(application.clientID)"])
                }
                values["activity"] = try await store.auditTrail(AuditQuery(clientID: clientID, limit: 20)).map { text.row(of: $0) }
                return render("application", request, session: session, values: values)
            } catch {
                return failure(request, error, doing: "Could not show an application")
            }
        }
    }

    /// `POST /portal/apps/ID/renew`: a new secret; the old one is refused from now on (seed 002's "out-of-date").
    func renewSecret(_ request: Request, clientID: String) async -> Response {
        await changeApplication(request, clientID: clientID) { application, _ in
            _ = try await provisioning.renewSecret(clientID: application.clientID, grace: configuration.secretRenewalGrace)
            logger.info("Secret renewed on the portal", metadata: ["client_id": "\(application.clientID)"])
            return Paths.credentials(application.clientID)
        }
    }

    /// `POST /portal/apps/ID/delete`: the application, its tokens, grants and subscriptions are gone.
    func deleteApplication(_ request: Request, clientID: String) async -> Response {
        await changeApplication(request, clientID: clientID) { application, _ in
            _ = try await store.deleteApplication(clientID: application.clientID)
            logger.info("Application deleted on the portal", metadata: ["client_id": "\(application.clientID)"])
            return Paths.applications
        }
    }

    /// `POST /portal/apps/ID/redirect-uris` with `redirect_uris`, one per line: replaces the exact-match list (seed 003:
    /// "redirect_uri must be registered beforehand").
    func setRedirectURIs(_ request: Request, clientID: String) async -> Response {
        await changeApplication(request, clientID: clientID) { application, form in
            _ = try await provisioning.setRedirectURIs(Self.lines(form["redirect_uris"] ?? ""), clientID: application.clientID)
            return Paths.application(application.clientID)
        }
    }

    /// `POST /portal/apps/ID/edit` with `name` and `description`.
    func editApplication(_ request: Request, clientID: String) async -> Response {
        await changeApplication(request, clientID: clientID) { application, form in
            _ = try await store.updateApplication(
                clientID: application.clientID, name: try Validation.applicationName(form["name"] ?? ""),
                description: try Validation.applicationDescription(form["description"] ?? ""))
            return Paths.application(application.clientID)
        }
    }

    /// `POST /portal/apps/ID/unsubscribe` with `api`: the subscription ends, whatever its status.
    func unsubscribe(_ request: Request, clientID: String) async -> Response {
        await changeApplication(request, clientID: clientID) { application, form in
            _ = try await provisioning.unsubscribe(clientID: application.clientID, apiName: form["api"] ?? "")
            return Paths.application(application.clientID)
        }
    }

    /// The non-empty lines of a text area, trimmed.
    static func lines(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Checks the form and the ownership, runs `change` as the developer (the actor of its audit entries), and answers
    /// 303 to the path it returns; a client's mistake (``InvalidInput``, an unknown API) is a 400 page saying what is
    /// wrong.
    private func changeApplication(
        _ request: Request, clientID: String, _ change: (ClientApplication, Form) async throws -> String
    ) async -> Response {
        let (form, session, developer): (Form, PortalSession, Developer)
        switch await developerForm(request) {
        case .failure(let refused): return refused.response
        case .success(let checked): (form, session, developer) = checked
        }
        do {
            guard let application = try await store.application(clientID: clientID, ownedBy: developer) else {
                return errorPage(request, status: .notFound, message: \.noSuchApplication)
            }
            let next = try await developer.acting { try await change(application, form) }
            await catchUp()
            return Pages.seeOther(next)
        } catch let invalid as InvalidInput {
            return render("error", request, status: .badRequest, session: session, values: ["message": invalid.description])
        } catch let error as StoreError {
            return render("error", request, status: .badRequest, session: session, values: ["message": error.description])
        } catch {
            return failure(request, error, doing: "Could not change an application")
        }
    }
}

/// An answer given instead of a page: the sign-in, or an error.
struct Refused: Error {
    let response: Response

    init(_ response: Response) {
        self.response = response
    }
}
