import Foundation
import Hummingbird
import HTTPTypes
import Logging
import OAuthCore
import PlatformPages
import PlatformStore

/// An API's pages as seed 001 names its tabs (issue 17, item 1): Overview, Getting started, API Reference, Code
/// samples and Terms and Conditions, each at its own address so that it works without script and can be linked to.
/// A partner or private API the visitor does not see answers 404 on every one of them, as an unknown name does.
extension DeveloperPortal {
    enum APITab: String, CaseIterable {
        case overview = ""
        case gettingStarted = "getting-started"
        case reference
        case samples
        case terms

        func title(_ text: PortalText) -> String {
            switch self {
            case .overview: text.tabOverview
            case .gettingStarted: text.tabGettingStarted
            case .reference: text.tabReference
            case .samples: text.tabSamples
            case .terms: text.tabTerms
            }
        }

        func path(_ apiName: String) -> String {
            self == .overview ? Paths.api(apiName) : Paths.api(apiName) + "/" + rawValue
        }
    }

    /// What an API page needs of its visitor and the API; nil when the API is not in the visitor's catalog.
    private struct APIPageContext {
        var session: PortalSession?
        var developer: Developer?
        var api: RegisteredAPI
        var documentation: APIDocumentation
    }

    /// The developer signed in with `session`, if any: whom the catalog's visibility is decided for.
    func visitor(_ session: PortalSession?) async throws -> Developer? {
        guard let session, session.isSignedIn else { return nil }
        return try await developer(of: session)
    }

    /// The API named `name` when it is in the catalog and `developer` sees it.
    func visibleAPI(named name: String, to developer: Developer?) async throws -> VisibleCatalog.Entry? {
        guard let api = try await store.api(named: name) else { return nil }
        return try await VisibleCatalog.entry(api, store: store, developer: developer)
    }

    private func apiPageContext(_ request: Request, name: String) async throws -> APIPageContext? {
        let session = session(of: request)
        let developer = try await visitor(session)
        guard let entry = try await visibleAPI(named: name, to: developer) else { return nil }
        return APIPageContext(session: session, developer: developer, api: entry.api, documentation: entry.documentation)
    }

    /// `GET /portal/apis/NAME[/TAB]`.
    func apiPage(_ request: Request, name: String, tab: String) async -> Response {
        let text = text(for: request)
        do {
            guard let tab = APITab(rawValue: tab), let page = try await apiPageContext(request, name: name) else {
                return errorPage(request, status: .notFound, message: \.noSuchAPI)
            }
            let (api, documentation) = (page.api, page.documentation)
            var values: [String: Any] = [
                "name": api.name, "description": Self.optional(documentation.description), "basePath": api.basePath,
                "deprecated": api.status == .deprecated, "manual": documentation.approval == .manual, "limits": text.describe(api.limits),
                "tabs": APITab.allCases.map { ["title": $0.title(text), "link": $0.path(api.name), "current": $0 == tab] },
                "tabTitle": tab.title(text), "isOverview": tab == .overview, "isGettingStarted": tab == .gettingStarted,
                "isReference": tab == .reference, "isSamples": tab == .samples, "isTerms": tab == .terms,
            ]
            switch tab {
            case .overview:
                let applications = try await applications(of: page.developer)
                values["overview"] = Self.optional(documentation.overview.map(MarkdownPage.html))
                values["subscribeAction"] = Paths.api(api.name) + "/subscribe"
                values["termsVersion"] = Self.optional(documentation.termsVersion)
                values["termsLink"] = APITab.terms.path(api.name)
                values["applications"] = applications.map { ["clientID": $0.clientID, "name": $0.name] }
                values["hasApplications"] = !applications.isEmpty
            case .gettingStarted:
                if let gettingStarted = documentation.gettingStarted {
                    values["gettingStarted"] = Self.optional(MarkdownPage.html(gettingStarted))
                } else {
                    values["steps"] = samples(api, documentation, clientID: nil).code(in: .curl)
                }
            case .reference:
                values.merge(referenceValues(api, documentation)) { $1 }
            case .samples:
                values.merge(sampleValues(request, api, documentation, applications: try await applications(of: page.developer))) { $1 }
            case .terms:
                values.merge(try await termsValues(api, documentation, applications: try await applications(of: page.developer))) { $1 }
            }
            return render("api", request, session: page.session, values: values)
        } catch {
            return failure(request, error, doing: "Could not show an API")
        }
    }

    private func applications(of developer: Developer?) async throws -> [ClientApplication] {
        guard let developer else { return [] }
        return try await store.applications(clientSpaceID: developer.clientSpaceID)
    }

    // MARK: API Reference

    /// The operations of the OpenAPI document grouped by tag, and the errors the gateway answers before the API does.
    private func referenceValues(_ api: RegisteredAPI, _ documentation: APIDocumentation) -> [String: Any] {
        var values: [String: Any] = [
            "gatewayErrors": Self.gatewayErrors.map { status, error in
                ["status": status, "code": error.code, "message": error.message, "description": error.description]
            }
        ]
        guard let reference = documentation.openAPI.flatMap(APIReference.init(openAPI:)) else { return values }
        values["groups"] = reference.operationsByTag.map { tag, operations -> [String: Any] in
            [
                "tag": Self.optional(tag),
                "operations": operations.map { operation -> [String: Any] in
                    [
                        "method": operation.method, "path": api.basePath + operation.path, "summary": Self.optional(operation.summary),
                        "description": Self.optional(operation.description), "requestExample": Self.optional(operation.requestExample),
                        "requestSchema": Self.optional(operation.requestSchema),
                        "parameters": operation.parameters.map {
                            ["name": $0.name, "in": $0.location, "required": $0.required, "type": $0.type, "description": $0.description]
                        },
                        "hasParameters": !operation.parameters.isEmpty,
                        "responses": operation.responses.map {
                            ["status": $0.status, "description": $0.description, "example": Self.optional($0.example), "schema": Self.optional($0.schema)]
                        },
                    ]
                },
            ]
        }
        return values
    }

    /// What the gateway answers on every API before the call reaches it (seed 003's error catalogue).
    static let gatewayErrors: [(status: String, error: OrangeError)] = [
        ("401", .missingCredentials), ("401", .invalidCredentials), ("401", .expiredCredentials), ("403", .accessDenied),
        ("403", .forbiddenRequester), ("403 / 429", .tooManyRequests), ("404", .resourceNotFound), ("503", .serviceUnavailable),
        ("504", .serviceUnavailable.describing("The backend of this API did not answer in time.")),
    ]

    // MARK: Code samples

    /// Seed 002's token endpoint at the platform's public address.
    private var tokenURL: String { publicURL() + "/oauth/v3/token" }

    /// Seed 002's two steps for `clientID` (a placeholder when nil), calling the API's first operation that needs no
    /// path parameter (or its base path).
    func samples(_ api: RegisteredAPI, _ documentation: APIDocumentation, clientID: String?) -> CodeSamples {
        let operations = documentation.openAPI.flatMap(APIReference.init(openAPI:))?.operations ?? []
        let operation = operations.first { $0.method == "GET" && !$0.path.contains("{") } ?? operations.first
        return CodeSamples(
            tokenURL: tokenURL, clientID: clientID ?? "YOUR_CLIENT_ID", method: operation?.method ?? "GET",
            operationURL: publicURL() + api.basePath + (operation?.path ?? ""))
    }

    /// The application picked in `?client_id=` when it is one of the developer's, and the language in `?language=`.
    private func sampleChoice(_ request: Request, applications: [ClientApplication]) -> (ClientApplication?, CodeSamples.Language) {
        let clientID = request.uri.queryParameters["client_id"].map(String.init)
        let language = request.uri.queryParameters["language"].flatMap { CodeSamples.Language(rawValue: String($0)) } ?? .curl
        return (applications.first { $0.clientID == clientID }, language)
    }

    private func sampleValues(
        _ request: Request, _ api: RegisteredAPI, _ documentation: APIDocumentation, applications: [ClientApplication]
    ) -> [String: Any] {
        let (application, language) = sampleChoice(request, applications: applications)
        let query = application.map { "?client_id=" + FormEncoding.escape($0.clientID) } ?? ""
        return [
            "samplesAction": APITab.samples.path(api.name),
            "sampleApplications": applications.map { ["clientID": $0.clientID, "name": $0.name, "selected": $0.id == application?.id] },
            "languages": CodeSamples.Language.allCases.map { ["value": $0.rawValue, "title": $0.title, "selected": $0 == language] },
            "code": samples(api, documentation, clientID: application?.clientID).code(in: language),
            "fileName": language.fileName, "runCommand": language.runCommand,
            "download": APITab.samples.path(api.name) + "/" + language.rawValue + query,
            "postman": Paths.api(api.name) + "/postman.json" + query,
        ]
    }

    /// `GET /portal/apis/NAME/samples/LANGUAGE[?client_id=…]`: the sample as a file to save.
    func sampleFile(_ request: Request, name: String, language: String) async -> Response {
        do {
            guard let language = CodeSamples.Language(rawValue: language), let page = try await apiPageContext(request, name: name) else {
                return errorPage(request, status: .notFound, message: \.noSuchAPI)
            }
            let (application, _) = sampleChoice(request, applications: try await applications(of: page.developer))
            let code = samples(page.api, page.documentation, clientID: application?.clientID).code(in: language)
            return Self.download(Data(code.utf8), fileName: language.fileName, contentType: "text/plain; charset=utf-8")
        } catch {
            return failure(request, error, doing: "Could not write a code sample")
        }
    }

    /// `GET /portal/apis/NAME/postman.json[?client_id=…]`: the API's operations as a Postman collection (v2.1)
    /// whose pre-request script gets the token.
    func postmanCollection(_ request: Request, name: String) async -> Response {
        do {
            guard let page = try await apiPageContext(request, name: name) else {
                return errorPage(request, status: .notFound, message: \.noSuchAPI)
            }
            let (application, _) = sampleChoice(request, applications: try await applications(of: page.developer))
            let operations = page.documentation.openAPI.flatMap(APIReference.init(openAPI:))?.operations ?? []
            let collection = PostmanCollection(
                apiName: page.api.name, tokenURL: tokenURL, baseURL: publicURL() + page.api.basePath,
                clientID: application?.clientID, operations: operations.map { ($0.method, $0.path, $0.summary) })
            return Self.download(collection.json(), fileName: page.api.name + ".postman_collection.json", contentType: "application/json")
        } catch {
            return failure(request, error, doing: "Could not write a Postman collection")
        }
    }

    static func download(_ data: Data, fileName: String, contentType: String) -> Response {
        var headers = Pages.securityHeaders
        headers[.contentType] = contentType
        headers[.contentDisposition] = "attachment; filename=\"\(fileName)\""
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    // MARK: Terms and Conditions

    /// The terms, and each subscription of the developer's applications with the version it accepted: one that
    /// accepted an older version (or none) is asked to accept the current one.
    private func termsValues(
        _ api: RegisteredAPI, _ documentation: APIDocumentation, applications: [ClientApplication]
    ) async throws -> [String: Any] {
        var subscribers: [[String: Any]] = []
        for application in documentation.termsVersion == nil ? [] : applications {
            guard let subscription = try await store.subscriptions(clientID: application.clientID).first(where: { $0.apiName == api.name }),
                subscription.status != .rejected
            else {
                continue
            }
            subscribers.append([
                "clientID": application.clientID, "name": application.name,
                "acceptedVersion": Self.optional(subscription.termsVersion),
                "current": subscription.termsVersion == documentation.termsVersion,
            ])
        }
        return [
            "terms": Self.optional(documentation.terms.map(MarkdownPage.html)), "termsVersion": Self.optional(documentation.termsVersion),
            "subscribers": subscribers, "hasSubscribers": !subscribers.isEmpty, "acceptAction": APITab.terms.path(api.name),
        ]
    }

    /// `POST /portal/apis/NAME/terms` with `client_id` and `terms_version`: the application's subscription accepts the
    /// API's current terms.
    func acceptTerms(_ request: Request, apiName: String) async -> Response {
        let (form, developer): (Form, Developer)
        switch await developerForm(request) {
        case .failure(let refused): return refused.response
        case .success(let checked): (form, _, developer) = checked
        }
        do {
            guard let entry = try await visibleAPI(named: apiName, to: developer),
                let application = try await store.application(clientID: form["client_id"] ?? "", ownedBy: developer),
                let subscription = try await store.subscriptions(clientID: application.clientID).first(where: { $0.apiName == entry.api.name })
            else {
                return errorPage(request, status: .notFound, message: \.noSuchAPI)
            }
            let api = entry.api
            guard let version = entry.documentation.termsVersion, form["terms_version"] == version else {
                return errorPage(request, status: .badRequest, message: \.acceptAPITerms)
            }
            _ = try await developer.acting {
                try await store.acceptTerms(subscriptionID: subscription.id, termsVersion: version, acceptedBy: developer.email, at: clock.now())
            }
            logger.info("Terms accepted on the portal", metadata: ["client_id": "\(application.clientID)", "api": "\(api.name)"])
            return Pages.seeOther(APITab.terms.path(api.name))
        } catch {
            return failure(request, error, doing: "Could not accept terms")
        }
    }
}
