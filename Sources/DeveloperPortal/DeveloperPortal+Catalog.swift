import Foundation
import Hummingbird
import Logging
import OAuthCore
import PlatformPages
import PlatformServices
import PlatformStore

/// The API catalog (issue 12, item 3): every live or deprecated API with its description and the operations of its
/// OpenAPI document, and the subscription of an application after accepting the API's terms (recorded: which
/// version, when, by whom). `auto` approval subscribes at once (Orange's default), `manual` leaves the subscription
/// pending until an operator decides; a deprecated API takes no new subscriptions, a retired one is not listed.
extension DeveloperPortal {
    /// `GET /portal/apis`.
    func catalog(_ request: Request) async -> Response {
        do {
            var apis: [[String: Any]] = []
            for api in try await store.apis() where api.status != .retired {
                let documentation = try await store.documentation(apiName: api.name)
                apis.append([
                    "name": api.name, "link": Paths.api(api.name), "description": Self.optional(documentation.description),
                    "basePath": api.basePath, "deprecated": api.status == .deprecated,
                ])
            }
            return render("apis", request, session: session(of: request), values: ["apis": apis, "hasAPIs": !apis.isEmpty])
        } catch {
            return failure(request, error, doing: "Could not list the APIs")
        }
    }

    /// `GET /portal/apis/NAME`: the API's page, with the subscription form for a signed-in developer.
    func apiPage(_ request: Request, name: String) async -> Response {
        let session = session(of: request)
        let text = text(for: request)
        do {
            guard let api = try await store.api(named: name), api.status != .retired else {
                return errorPage(request, status: .notFound, message: \.noSuchAPI)
            }
            let documentation = try await store.documentation(apiName: api.name)
            var values: [String: Any] = [
                "name": api.name, "description": Self.optional(documentation.description), "basePath": api.basePath,
                "deprecated": api.status == .deprecated, "manual": documentation.approval == .manual,
                "limits": text.describe(api.limits), "terms": documentation.terms ?? "",
                "termsVersion": Self.optional(documentation.termsVersion), "subscribeAction": Paths.api(api.name) + "/subscribe",
            ]
            if let reference = documentation.openAPI.flatMap(APIReference.init(openAPI:)) {
                values["hasOperations"] = !reference.operations.isEmpty
                values["operations"] = reference.operations.map { operation -> [String: Any] in
                    [
                        "method": operation.method, "path": api.basePath + operation.path, "summary": Self.optional(operation.summary),
                        "description": Self.optional(operation.description), "requestExample": Self.optional(operation.requestExample),
                        "parameters": operation.parameters.map {
                            ["name": $0.name, "in": $0.location, "required": $0.required, "type": $0.type, "description": $0.description]
                        },
                        "hasParameters": !operation.parameters.isEmpty,
                        "responses": operation.responses.map { ["status": $0.status, "description": $0.description, "example": Self.optional($0.example)] },
                    ]
                }
            }
            if let session, session.isSignedIn, let developer = try await developer(of: session) {
                let applications = try await store.applications(clientSpaceID: developer.clientSpaceID)
                values["applications"] = applications.map { ["clientID": $0.clientID, "name": $0.name] }
                values["hasApplications"] = !applications.isEmpty
            }
            return render("api", request, session: session, values: values)
        } catch {
            return failure(request, error, doing: "Could not show an API")
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
            guard let api = try await store.api(named: apiName), api.status != .retired else {
                return errorPage(request, status: .notFound, message: \.noSuchAPI)
            }
            guard api.status == .live else { return errorPage(request, status: .conflict, message: \.noNewSubscriptions) }
            let documentation = try await store.documentation(apiName: api.name)
            if let version = documentation.termsVersion, form["terms_version"] != version {
                return errorPage(request, status: .badRequest, message: \.acceptAPITerms)
            }
            let status: Subscription.Status = documentation.approval == .auto ? .active : .pending
            _ = try await store.requestSubscription(
                SubscriptionRequest(
                    clientID: application.clientID, apiName: api.name, status: status, termsVersion: documentation.termsVersion,
                    acceptedBy: developer.email))
            try await store.recordActivity(
                ApplicationActivity(
                    applicationID: application.id, at: clock.now(), kind: status == .active ? .subscribed : .subscriptionRequested,
                    actor: developer.email, detail: api.name))
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
