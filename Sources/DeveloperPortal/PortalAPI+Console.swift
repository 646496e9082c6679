import Foundation
import HTTPTypes
import Hummingbird
import PlatformServices
import PlatformStore

/// The provider's console through the JSON API, under `/admin` (issue 13, item 4): what waits for approval and the
/// decisions, suspending and resuming applications, locking and unlocking developers, the platform's usage and the
/// audit trail. A call carries a `portal` token whose user is an unlocked administrator (else 403, code 52); each
/// change is in the audit trail as theirs.
extension PortalAPI {
    /// One administrator's call: the request, its administrator and the path's one parameter.
    struct ConsoleCall: Sendable {
        var request: Request
        var administrator: EndUser
        var parameter: String
    }

    func addConsoleRoutes<Context: RequestContext>(to router: Router<Context>) {
        let routes: [(String, [HTTPRequest.Method: @Sendable (ConsoleCall) async throws -> Response])] = [
            ("/admin/subscriptions", [.get: { try await pendingSubscriptions($0) }]),
            ("/admin/subscriptions/:id/approve", [.post: { try await decide($0, approve: true) }]),
            ("/admin/subscriptions/:id/reject", [.post: { try await decide($0, approve: false) }]),
            ("/admin/applications/:id/suspend", [.post: { try await setStatus(.suspended, $0) }]),
            ("/admin/applications/:id/resume", [.post: { try await setStatus(.active, $0) }]),
            ("/admin/developers/:id/lock", [.post: { try await setLocked(true, $0) }]),
            ("/admin/developers/:id/unlock", [.post: { try await setLocked(false, $0) }]),
            ("/admin/usage", [.get: { try await platformUsage($0) }]),
            ("/admin/audit", [.get: { try await auditTrail($0) }]),
        ]
        register(routes, on: router) { request, parameters, handler in
            let (subject, _) = try await portalUser(of: request)
            guard let administrator = try await store.user(subject: subject), administrator.isAdministrator, !administrator.locked else {
                throw PortalAPIRefusal.notAnAdministrator
            }
            return try await AuditActor.$current.withValue(.administrator(administrator.username)) {
                try await handler(ConsoleCall(request: request, administrator: administrator, parameter: parameters.get("id") ?? ""))
            }
        }
    }

    /// `GET /admin/subscriptions`: the subscriptions waiting for approval, oldest first.
    func pendingSubscriptions(_ call: ConsoleCall) async throws -> Response {
        try json(
            PortalAPIBodies.PendingSubscriptions(
                subscriptions: try await provisioning.subscriptions(pendingOnly: true).map { PortalAPIBodies.PendingSubscription($0) }))
    }

    /// `POST /admin/subscriptions/{id}/approve`, or `…/reject` with an optional body `{"reason": "…"}` shown to the
    /// developer; 409 for a subscription already decided.
    func decide(_ call: ConsoleCall, approve: Bool) async throws -> Response {
        let subscription: Subscription
        if approve {
            subscription = try await provisioning.approveSubscription(id: call.parameter)
        } else {
            let hasBody = call.request.headers[.contentLength].map { $0 != "0" } ?? (call.request.headers[.transferEncoding] != nil)
            let reason = hasBody ? try await body(PortalAPIBodies.Rejection.self, of: call.request).reason : nil
            subscription = try await provisioning.rejectSubscription(id: call.parameter, reason: reason)
        }
        await catchUp()
        return try json(subscription)
    }

    /// `POST /admin/applications/{client_id}/suspend` or `…/resume`.
    func setStatus(_ status: ApplicationStatus, _ call: ConsoleCall) async throws -> Response {
        let application = try await provisioning.setStatus(status, clientID: call.parameter)
        await catchUp()
        return try json(PortalAPIBodies.Application(application))
    }

    /// `POST /admin/developers/{email}/lock` or `…/unlock`: a locked developer cannot sign in, and their users' grants
    /// stop working; an administrator cannot lock themselves out (409).
    func setLocked(_ locked: Bool, _ call: ConsoleCall) async throws -> Response {
        guard let developer = try await store.developer(email: call.parameter), let user = try await store.user(subject: developer.subject) else {
            throw PortalAPIRefusal.resourceNotFound
        }
        guard user.subject != call.administrator.subject else { throw PortalAPIRefusal.conflict("An administrator cannot lock themselves out.") }
        let changed = try await provisioning.setLocked(locked, username: user.username)
        return try json(PortalAPIBodies.DeveloperLock(email: developer.email, locked: changed.locked))
    }

    /// `GET /admin/usage[?window=24h|7d|30d]`: every application's calls, the refusals by code, the busiest
    /// applications and APIs.
    func platformUsage(_ call: ConsoleCall) async throws -> Response {
        let windowName = call.request.uri.queryParameters["window"].map(String.init) ?? UsageReport.Window.day.rawValue
        guard let window = UsageReport.Window(rawValue: windowName) else {
            throw PortalAPIRefusal.invalidQueryParameter("'window' must be 24h, 7d or 30d.")
        }
        let now = clock.now()
        let rows = try await store.usage(clientID: nil, apiName: nil, in: window.starts(endingWith: now), per: window.period)
        return try json(PortalAPIBodies.UsageSummary(PlatformUsage(rows: rows, window: window, now: now)))
    }

    /// `GET /admin/audit[?client_id=ID][&since=DAY|TIME][&limit=N]`: the whole trail, newest first (100 entries by
    /// default, up to 1,000), every actor named with their address.
    func auditTrail(_ call: ConsoleCall) async throws -> Response {
        let parameters = call.request.uri.queryParameters
        var query = AuditQuery(clientID: parameters["client_id"].map(String.init))
        if let since = parameters["since"] {
            guard let date = AuditQuery.date(String(since)) else {
                throw PortalAPIRefusal.invalidQueryParameter("'since' must be a day, 2026-01-31, or a time, 2026-01-31T12:00:00Z.")
            }
            query.since = date
        }
        if let limit = parameters["limit"] {
            guard let number = Int(limit), (1...1_000).contains(number) else {
                throw PortalAPIRefusal.invalidQueryParameter("'limit' must be a whole number from 1 to 1000.")
            }
            query.limit = number
        }
        return try json(PortalAPIBodies.AuditTrail(entries: try await store.auditTrail(query)))
    }
}

extension PortalAPIBodies {
    struct PendingSubscription: Encodable {
        var id: String
        var clientID: String
        var application: String
        var owner: String
        var api: String
        var requestedAt: Date

        init(_ entry: (subscription: Subscription, application: ClientApplication)) {
            (id, clientID, application, owner) = (entry.subscription.id, entry.application.clientID, entry.application.name, entry.application.email)
            (api, requestedAt) = (entry.subscription.apiName, entry.subscription.createdAt)
        }

        enum CodingKeys: String, CodingKey {
            case id, application, owner, api
            case clientID = "client_id"
            case requestedAt = "requested_at"
        }
    }

    struct PendingSubscriptions: Encodable {
        var subscriptions: [PendingSubscription]
    }

    struct Rejection: Decodable {
        var reason: String?
    }

    struct DeveloperLock: Encodable {
        var email: String
        var locked: Bool
    }

    struct UsageSummary: Encodable {
        var window: String
        var calls: Int
        var refusals: [Refusal]
        var topApplications: [Busiest]
        var topAPIs: [Busiest]

        struct Refusal: Encodable {
            var code: Int
            var calls: Int
        }

        struct Busiest: Encodable {
            /// A client_id or an API's name; "" for calls of no application, or for the token endpoints.
            var name: String
            var calls: Int
        }

        init(_ usage: PlatformUsage) {
            window = usage.report.window.rawValue
            calls = usage.report.calls
            refusals = usage.refusals.map { Refusal(code: $0.code, calls: $0.calls) }
            topApplications = usage.topApplications.map { Busiest(name: $0.clientID, calls: $0.calls) }
            topAPIs = usage.topAPIs.map { Busiest(name: $0.apiName, calls: $0.calls) }
        }

        enum CodingKeys: String, CodingKey {
            case window, calls, refusals
            case topApplications = "top_applications"
            case topAPIs = "top_apis"
        }
    }

    struct AuditTrail: Encodable {
        var entries: [AuditEntry]
    }
}
