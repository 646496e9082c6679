import Foundation
import HTTPTypes
import Hummingbird
import Logging
import PlatformServices
import PlatformStore

/// MyApps and the Credentials tab through the JSON API (issue 12, items 2 and 4): the developer's applications, their
/// credentials (after a fresh sign-in, RFC 9470) and their activity.
extension PortalAPI {
    /// `GET /applications[?offset=N&limit=N]`: the developer's applications, oldest first, 50 at a time unless
    /// `limit` says otherwise (at most 200), and how many there are in all.
    func applications(_ call: Call) async throws -> Response {
        let offset = try queryNumber("offset", of: call.request, default: 0, in: 0...Int(Int32.max))
        let limit = try queryNumber("limit", of: call.request, default: 50, in: 1...200)
        let page = try await store.applications(clientSpaceID: call.developer.clientSpaceID, offset: offset, limit: limit)
        return try json(
            PortalAPIBodies.Applications(
                applications: page.applications.map(PortalAPIBodies.Application.init), total: page.total, offset: offset, limit: limit))
    }

    /// A whole number given in the query string, or `default` when absent; 400 when not a number within `range`.
    func queryNumber(_ name: String, of request: Request, default: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = request.uri.queryParameters[Substring(name)] else { return `default` }
        guard let number = Int(text), range.contains(number) else {
            throw PortalAPIRefusal.invalidQueryParameter(
                "'\(name)' must be a whole number from \(range.lowerBound) to \(range.upperBound).")
        }
        return number
    }

    /// `POST /applications`: a new application in the developer's client space (verified developers only), answered 201
    /// with its credentials, as the page that created it shows them.
    func createApplication(_ call: Call) async throws -> Response {
        guard call.developer.emailVerifiedAt != nil else { throw PortalAPIRefusal.unverifiedDeveloper }
        let new = try await body(PortalAPIBodies.NewApplication.self, of: call.request)
        let provisioned = try await provisioning.createApplication(
            email: call.developer.email, name: new.name, description: new.description ?? "", redirectURIs: new.redirectURIs ?? [])
        await catchUp()
        logger.info("Application created through the portal's API", metadata: ["client_id": "\(provisioned.application.clientID)"])
        return try json(
            PortalAPIBodies.CreatedApplication(
                application: PortalAPIBodies.Application(provisioned.application),
                credentials: PortalAPIBodies.Credentials(provisioned.credentials)),
            status: .created, headers: [.location: Self.base + "/applications/" + provisioned.application.clientID])
    }

    /// `GET /applications/{client_id}`.
    func application(_ call: Call) async throws -> Response {
        try json(PortalAPIBodies.Application(try await ownApplication(call)))
    }

    /// `PATCH /applications/{client_id}`: changes the members given (name, description, redirect_uris), each
    /// validated as on the pages; the store writes each change to the audit trail.
    func changeApplication(_ call: Call) async throws -> Response {
        var application = try await ownApplication(call)
        let change = try await body(PortalAPIBodies.ApplicationChange.self, of: call.request)
        // Everything is validated before anything changes: a wrong redirect URI leaves the name as it was.
        _ = try change.name.map(Validation.applicationName)
        _ = try change.description.map(Validation.applicationDescription)
        _ = try change.redirectURIs?.map(Validation.redirectURI)
        if change.name != nil || change.description != nil {
            application = try await provisioning.updateApplication(
                clientID: application.clientID, name: change.name, description: change.description)
        }
        if let redirectURIs = change.redirectURIs {
            application = try await provisioning.setRedirectURIs(redirectURIs, clientID: application.clientID)
        }
        await catchUp()
        return try json(PortalAPIBodies.Application(application))
    }

    /// `DELETE /applications/{client_id}`: the application, its tokens, grants and subscriptions, in one transaction.
    func deleteApplication(_ call: Call) async throws -> Response {
        let application = try await ownApplication(call)
        _ = try await store.deleteApplication(clientID: application.clientID)
        await catchUp()
        logger.info("Application deleted through the portal's API", metadata: ["client_id": "\(application.clientID)"])
        return noContent()
    }

    /// `GET /applications/{client_id}/credentials`: the secret and the ready-made `Authorization` value again, to a
    /// token from a sign-in within 5 minutes; each reveal is written to the audit trail.
    func credentials(_ call: Call) async throws -> Response {
        let application = try await ownApplication(call)
        try requireFreshSignIn(call)
        let credentials = try provisioning.credentials(of: application)
        try await store.recordAudit(AuditEvent(.secretRevealed), clientID: application.clientID)
        logger.info("Secret revealed through the portal's API", metadata: ["client_id": "\(application.clientID)"])
        return try json(PortalAPIBodies.Credentials(credentials))
    }

    /// `POST /applications/{client_id}/secret`: a new secret, returned once; the old one is refused from now on
    /// (seed 002's "out-of-date"), with every token it obtained.
    func renewSecret(_ call: Call) async throws -> Response {
        let application = try await ownApplication(call)
        try requireFreshSignIn(call)
        let renewed = try await provisioning.renewSecret(clientID: application.clientID, grace: configuration.secretRenewalGrace)
        await catchUp()
        logger.info("Secret renewed through the portal's API", metadata: ["client_id": "\(application.clientID)"])
        return try json(PortalAPIBodies.Credentials(renewed.credentials))
    }

    /// `GET /applications/{client_id}/activity`: its audit trail, newest first, the latest 100.
    func activity(_ call: Call) async throws -> Response {
        let application = try await ownApplication(call)
        let entries = try await store.auditTrail(AuditQuery(clientID: application.clientID, limit: 100))
        return try json(PortalAPIBodies.ActivityList(activity: entries.map(PortalAPIBodies.Activity.init)))
    }

    /// `GET /activity[?since=DATE&limit=N]`: the client space's audit trail (issue 13, item 3), newest first, 100 entries
    /// unless `limit` says otherwise (at most 1000), none before `since` (`2026-01-31` or `2026-01-31T12:00:00Z`).
    func spaceActivity(_ call: Call) async throws -> Response {
        let limit = try queryNumber("limit", of: call.request, default: 100, in: 1...1000)
        var since: Date?
        if let text = call.request.uri.queryParameters["since"] {
            guard let date = AuditQuery.date(String(text)) else {
                throw PortalAPIRefusal.invalidQueryParameter("'since' must be a date, 2026-01-31, or a time, 2026-01-31T12:00:00Z.")
            }
            since = date
        }
        let entries = try await store.auditTrail(AuditQuery(clientSpaceID: call.developer.clientSpaceID, since: since, limit: limit))
        return try json(PortalAPIBodies.ActivityList(activity: entries.map(PortalAPIBodies.Activity.init)))
    }
}
