import Foundation
import Hummingbird
import Logging
import OAuthCore
import PlatformPages
import PlatformServices
import PlatformStore

/// The API catalog (issue 12, item 3): every live or deprecated API the visitor sees (issue 17, item 3) with its
/// description, and the subscription of an application after accepting the API's terms (recorded: which
/// version, when, by whom). `auto` approval subscribes at once (Orange's default), `manual` leaves the subscription
/// pending until an operator decides, and tells the administrators by e-mail (issue 13, item 5); a deprecated API takes
/// no new subscriptions, a retired one is not listed.
extension DeveloperPortal {
    /// `GET /portal/apis`.
    func catalog(_ request: Request) async -> Response {
        do {
            let session = session(of: request)
            let apis = try await VisibleCatalog(store: store, apis: store.apis(), developer: visitor(session)).entries.map { entry -> [String: Any] in
                [
                    "name": entry.api.name, "link": Paths.api(entry.api.name), "description": Self.optional(entry.documentation.description),
                    "basePath": entry.api.basePath, "deprecated": entry.api.status == .deprecated,
                ]
            }
            return render("apis", request, session: session, values: ["apis": apis, "hasAPIs": !apis.isEmpty])
        } catch {
            return failure(request, error, doing: "Could not list the APIs")
        }
    }

    /// `POST /portal/apis/NAME/subscribe` with `client_id` and, when the API has terms, `terms_version`: the terms'
    /// current version, ticked by the developer.
    func subscribe(_ request: Request, apiName: String) async -> Response {
        let (form, developer): (Form, Developer)
        switch await developerForm(request) {
        case .failure(let refused): return refused.response
        case .success(let checked): (form, _, developer) = checked
        }
        do {
            guard let application = try await store.application(clientID: form["client_id"] ?? "", ownedBy: developer) else {
                return errorPage(request, status: .notFound, message: \.noSuchApplication)
            }
            guard let entry = try await visibleAPI(named: apiName, to: developer) else {
                return errorPage(request, status: .notFound, message: \.noSuchAPI)
            }
            let (api, documentation) = (entry.api, entry.documentation)
            guard api.status == .live else { return errorPage(request, status: .conflict, message: \.noNewSubscriptions) }
            if let version = documentation.termsVersion, form["terms_version"] != version {
                return errorPage(request, status: .badRequest, message: \.acceptAPITerms)
            }
            let status: Subscription.Status = documentation.approval == .auto ? .active : .pending
            _ = try await developer.acting {
                try await provisioning.requestSubscription(
                    SubscriptionRequest(
                        clientID: application.clientID, apiName: api.name, status: status, termsVersion: documentation.termsVersion,
                        acceptedBy: developer.email))
            }
            await catchUp()
            logger.info("Subscription requested on the portal", metadata: ["client_id": "\(application.clientID)", "api": "\(api.name)"])
            return Pages.seeOther(Paths.application(application.clientID) + "#apis")
        } catch StoreError.conflict {
            return Pages.seeOther(Paths.application(form["client_id"] ?? "") + "#apis")
        } catch {
            return failure(request, error, doing: "Could not subscribe an application")
        }
    }
}
