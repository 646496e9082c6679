import HTTPTypes
import Hummingbird
import PlatformServices
import PlatformStore

/// The API catalog and an application's subscriptions through the JSON API (issue 12, items 3 and 4).
extension PortalAPI {
    /// `GET /apis`: every live or deprecated API the caller's client space sees (issue 17, item 3; a retired one is
    /// not listed), with its documentation's description, approval and terms version.
    func catalog(_ call: Call) async throws -> Response {
        let catalog = try await VisibleCatalog(store: store, apis: provisioning.apis(), developer: call.developer)
        return try json(PortalAPIBodies.Catalog(apis: catalog.entries.map { PortalAPIBodies.API($0.api, $0.documentation) }))
    }

    /// `GET /apis/{api}`: one API as the catalog lists it; 404 alike for one that does not exist, is retired, or is
    /// hidden from the caller.
    func catalogAPI(_ call: Call) async throws -> Response {
        guard let entry = try await visibleAPI(named: call.apiName, to: call.developer) else { throw PortalAPIRefusal.noSuchAPI }
        return try json(PortalAPIBodies.API(entry.api, entry.documentation))
    }

    /// The API named `name` when it is in the catalog and `developer` sees it.
    private func visibleAPI(named name: String, to developer: Developer) async throws -> VisibleCatalog.Entry? {
        guard let api = try await provisioning.apis().first(where: { $0.name == name }) else { return nil }
        return try await VisibleCatalog.entry(api, store: store, developer: developer)
    }

    /// `GET /applications/{client_id}/subscriptions`: every subscription whatever its status (active, pending approval,
    /// rejected with the reason), oldest first.
    func subscriptions(_ call: Call) async throws -> Response {
        let application = try await ownApplication(call)
        let subscriptions = try await store.subscriptions(clientID: application.clientID)
        return try json(PortalAPIBodies.Subscriptions(subscriptions: subscriptions))
    }

    /// `POST /applications/{client_id}/subscriptions` `{api, accept_terms_version}`: active at once for an API whose
    /// approval is automatic, pending an operator's decision for a manual one (and then no token for it; the
    /// administrators are told by e-mail). A deprecated API takes no new subscription (400, code 24: the `api` member
    /// names one that cannot be chosen); the terms accepted must be the API's current version when it has terms. An
    /// active or pending one already there: 409.
    func subscribe(_ call: Call) async throws -> Response {
        let application = try await ownApplication(call)
        let request = try await body(PortalAPIBodies.NewSubscription.self, of: call.request)
        guard let entry = try await visibleAPI(named: request.api, to: call.developer) else {
            throw PortalAPIRefusal.invalidBodyField("There is no API '\(request.api)' in the catalog.")
        }
        let (api, documentation) = (entry.api, entry.documentation)
        guard api.status == .live else {
            throw PortalAPIRefusal.invalidBodyField("The API '\(api.name)' is deprecated: it takes no new subscriptions.")
        }
        if let termsVersion = documentation.termsVersion, request.acceptTermsVersion != termsVersion {
            throw PortalAPIRefusal.invalidBodyField(
                "Subscribing to '\(api.name)' needs its terms accepted: accept_terms_version must be \"\(termsVersion)\".")
        }
        let subscription = try await provisioning.requestSubscription(
            SubscriptionRequest(
                clientID: application.clientID, apiName: api.name, status: documentation.approval == .auto ? .active : .pending,
                termsVersion: documentation.termsVersion, acceptedBy: call.developer.email))
        await catchUp()
        return try json(subscription, status: .created)
    }

    /// `DELETE /applications/{client_id}/subscriptions/{api}`: whatever its status; 404 when there is none.
    func unsubscribe(_ call: Call) async throws -> Response {
        let application = try await ownApplication(call)
        do {
            _ = try await provisioning.unsubscribe(clientID: application.clientID, apiName: call.apiName)
        } catch StoreError.notFound {
            throw PortalAPIRefusal.noSuchSubscription
        }
        await catchUp()
        return noContent()
    }
}
