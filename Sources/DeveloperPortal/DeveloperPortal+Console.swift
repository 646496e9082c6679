import Foundation
import HTTPTypes
import Hummingbird
import Logging
import PlatformPages
import PlatformServices
import PlatformStore

/// The provider's console at `/portal/admin` (issue 13, item 4), for the users an operator makes administrators
/// (`orangerie user grant-admin`), with the portal's sign-in: the subscriptions waiting for approval, applications to
/// suspend or resume, developers to lock or unlock, the APIs, and the platform's usage. Everyone else is refused
/// every page and every form (403), whatever they guess. Each action is in the audit trail as the administrator's,
/// an operator.
extension DeveloperPortal {
    enum ConsolePaths {
        static let home = "/portal/admin"
        static let applications = home + "/applications"
        static let developers = home + "/developers"
        static let apis = home + "/apis"
        static let audit = home + "/audit"
        static let auditExport = home + "/audit.jsonl"
        static func subscription(_ id: String, _ decision: String) -> String { home + "/subscriptions/" + id + "/" + decision }
        static func application(_ clientID: String, _ action: String) -> String { applications + "/" + clientID + "/" + action }
        static func developer(_ subject: String, _ action: String) -> String { developers + "/" + subject + "/" + action }
    }

    func addConsoleRoutes<Context: ClientAddressRequestContext>(to router: Router<Context>) {
        router.get(RouterPath(ConsolePaths.home)) { request, _ in await consoleOverview(request) }
        router.get(RouterPath(ConsolePaths.applications)) { request, _ in await consoleApplications(request) }
        router.get(RouterPath(ConsolePaths.developers)) { request, _ in await consoleDevelopers(request) }
        router.get(RouterPath(ConsolePaths.apis)) { request, _ in await consoleAPIs(request) }
        router.get(RouterPath(ConsolePaths.audit)) { request, _ in await consoleAudit(request) }
        router.get(RouterPath(ConsolePaths.auditExport)) { request, _ in await consoleAuditExport(request) }
        router.post(RouterPath(ConsolePaths.home + "/subscriptions/:id/:decision")) { request, context in
            let (id, decision) = (context.parameters.get("id") ?? "", context.parameters.get("decision") ?? "")
            return await consoleAction(request, returnPath: ConsolePaths.home) { _, form in
                switch decision {
                case "approve": _ = try await provisioning.approveSubscription(id: id)
                case "reject": _ = try await provisioning.rejectSubscription(id: id, reason: form["reason"])
                default: throw StoreError.notFound("decision \(decision)")
                }
            }
        }
        router.post(RouterPath(ConsolePaths.applications + "/:clientID/:action")) { request, context in
            let (clientID, action) = (context.parameters.get("clientID") ?? "", context.parameters.get("action") ?? "")
            return await consoleAction(request, returnPath: ConsolePaths.applications) { _, _ in
                guard let status = ["suspend": ApplicationStatus.suspended, "resume": .active][action] else {
                    throw StoreError.notFound("action \(action)")
                }
                _ = try await provisioning.setStatus(status, clientID: clientID)
            }
        }
        router.post(RouterPath(ConsolePaths.developers + "/:subject/:action")) { request, context in
            let (subject, action) = (context.parameters.get("subject") ?? "", context.parameters.get("action") ?? "")
            return await consoleAction(request, returnPath: ConsolePaths.developers) { administrator, _ in
                guard let locked = ["lock": true, "unlock": false][action], let user = try await store.user(subject: subject),
                    try await store.developer(subject: subject) != nil
                else {
                    throw StoreError.notFound("developer \(subject)")
                }
                guard user.subject != administrator.subject else { throw StoreError.conflict("an administrator cannot lock themselves out") }
                _ = try await provisioning.setLocked(locked, username: user.username)
            }
        }
    }

    /// `GET /portal/admin[?window=24h|7d|30d]`: what waits for approval, and the platform's usage.
    func consoleOverview(_ request: Request) async -> Response {
        await withAdministrator(request, returnPath: ConsolePaths.home) { session, words in
            let window = Self.usageQuery(of: request).0
            let pending = try await provisioning.subscriptions(pendingOnly: true).map { entry -> [String: Any] in
                [
                    "application": entry.application.name, "clientID": entry.application.clientID, "owner": entry.application.email,
                    "api": entry.subscription.apiName, "requested": entry.subscription.createdAt.formatted(.iso8601),
                    "approveAction": ConsolePaths.subscription(entry.subscription.id, "approve"),
                    "rejectAction": ConsolePaths.subscription(entry.subscription.id, "reject"), "id": entry.subscription.id,
                ]
            }
            let now = clock.now()
            let rows = try await store.usage(clientID: nil, apiName: nil, in: window.starts(endingWith: now), per: window.period)
            let usage = PlatformUsage(rows: rows, window: window, now: now)
            let usageWords = UsageText.choose(PageLanguage.accepted(by: request))
            let number = IntegerFormatStyle<Int>.number.locale(Locale(identifier: words.language))
            return renderConsole(
                "console", tab: ConsolePaths.home, request, session, words,
                values: [
                    "pending": pending, "hasPending": !pending.isEmpty,
                    "windows": UsageReport.Window.allCases.map {
                        ["title": usageWords.windowNames[$0] ?? $0.rawValue, "link": ConsolePaths.home + "?window=" + $0.rawValue, "current": $0 == window]
                    },
                    "chart": UsageChart(report: usage.report, text: usageWords).svg, "calls": usage.report.calls.formatted(number),
                    "refusals": usage.refusals.map { ["code": $0.code, "calls": $0.calls.formatted(number), "meaning": usageWords.meaning(of: .refused(code: $0.code))] },
                    "topApplications": usage.topApplications.map { ["name": $0.clientID.isEmpty ? words.nobody : $0.clientID, "calls": $0.calls.formatted(number)] },
                    "topAPIs": usage.topAPIs.map { ["name": $0.apiName.isEmpty ? words.tokenEndpoints : $0.apiName, "calls": $0.calls.formatted(number)] },
                ])
        }
    }

    /// `GET /portal/admin/applications[?q=TEXT]`: at most 100 applications whose name, client_id or client space's
    /// address holds the text, with their status.
    func consoleApplications(_ request: Request) async -> Response {
        await withAdministrator(request, returnPath: ConsolePaths.applications) { session, words in
            let query = Self.searchText(of: request)
            let applications = try await provisioning.applications().filter { application in
                query.map { text in [application.name, application.clientID, application.email].contains { $0.localizedCaseInsensitiveContains(text) } } ?? true
            }.prefix(100).map { application -> [String: Any] in
                let suspended = application.status == .suspended
                return [
                    "name": application.name, "clientID": application.clientID, "owner": application.email,
                    "status": application.status.rawValue, "subscriptions": application.subscriptions.joined(separator: ", "),
                    "action": ConsolePaths.application(application.clientID, suspended ? "resume" : "suspend"),
                    "actionTitle": suspended ? words.resume : words.suspend,
                ]
            }
            return renderConsole(
                "console-applications", tab: ConsolePaths.applications, request, session, words,
                values: ["query": query ?? "", "applications": applications, "hasApplications": !applications.isEmpty,
                    "searchAction": ConsolePaths.applications,
                ])
        }
    }

    /// `GET /portal/admin/developers[?q=TEXT]`: at most 100 developers whose address or name holds the text.
    func consoleDevelopers(_ request: Request) async -> Response {
        await withAdministrator(request, returnPath: ConsolePaths.developers) { session, words in
            let query = Self.searchText(of: request)
            var developers: [[String: Any]] = []
            for developer in try await store.developers(matching: query, limit: 100) {
                let locked = try await store.user(subject: developer.subject)?.locked ?? false
                developers.append([
                    "email": developer.email, "name": developer.name, "verified": developer.emailVerifiedAt == nil ? words.no : words.yes,
                    "locked": locked ? words.yes : words.no,
                    "action": ConsolePaths.developer(developer.subject, locked ? "unlock" : "lock"),
                    "actionTitle": locked ? words.unlock : words.lock,
                ])
            }
            return renderConsole(
                "console-developers", tab: ConsolePaths.developers, request, session, words,
                values: ["query": query ?? "", "developers": developers, "hasDevelopers": !developers.isEmpty,
                    "searchAction": ConsolePaths.developers,
                ])
        }
    }

    /// `GET /portal/admin/apis`: every API with its status, approval mode, visibility and limits.
    func consoleAPIs(_ request: Request) async -> Response {
        await withAdministrator(request, returnPath: ConsolePaths.apis) { session, words in
            let text = text(for: request)
            var apis: [[String: Any]] = []
            for api in try await provisioning.apis() {
                let documentation = try await store.documentation(apiName: api.name)
                apis.append([
                    "name": api.name, "link": Paths.api(api.name), "basePath": api.basePath, "status": api.status.rawValue,
                    "approval": documentation.approval.rawValue, "visibility": documentation.visibility.rawValue,
                    "limits": text.describe(api.limits),
                ])
            }
            return renderConsole(
                "console-apis", tab: ConsolePaths.apis, request, session, words,
                values: ["apis": apis])
        }
    }

    /// `GET /portal/admin/audit[?client_id=ID][&since=DAY|TIME][&limit=N]`: the whole audit trail, newest first, at
    /// most `limit` entries (100 by default, up to 1,000), with every actor's name and address.
    func consoleAudit(_ request: Request) async -> Response {
        await withAdministrator(request, returnPath: ConsolePaths.audit) { session, words in
            let query = Self.auditQuery(of: request)
            let entries = try await store.auditTrail(query).map { entry -> [String: Any] in
                [
                    "at": entry.at.formatted(.iso8601), "actor": "\(entry.actor.kind.rawValue): \(entry.actor.name)",
                    "address": entry.actor.address ?? "", "action": entry.action.rawValue,
                    "object": entry.clientID ?? entry.clientSpaceID, "detail": entry.detail ?? "",
                ]
            }
            var export = URLComponents()
            export.queryItems = request.uri.queryParameters.map { URLQueryItem(name: String($0.key), value: String($0.value)) }
                .sorted { $0.name < $1.name }
            return renderConsole(
                "console-audit", tab: ConsolePaths.audit, request, session, words,
                values: ["entries": entries,
                    "hasEntries": !entries.isEmpty, "clientID": query.clientID ?? "",
                    "since": request.uri.queryParameters["since"].map(String.init) ?? "", "searchAction": ConsolePaths.audit,
                    "exportLink": ConsolePaths.auditExport + (export.percentEncodedQuery.map { "?" + $0 } ?? ""),
                ])
        }
    }

    /// `GET /portal/admin/audit.jsonl`, with the filters of the page: the same entries as JSON Lines, to download.
    func consoleAuditExport(_ request: Request) async -> Response {
        await withAdministrator(request, returnPath: ConsolePaths.audit) { _, _ in
            let lines = try AuditEntry.jsonLines(try await store.auditTrail(Self.auditQuery(of: request)))
            return Response(
                status: .ok,
                headers: [
                    .contentType: "application/jsonl; charset=utf-8", .contentDisposition: "attachment; filename=\"audit.jsonl\"",
                    .cacheControl: "no-store",
                ],
                body: ResponseBody(byteBuffer: ByteBuffer(string: lines)))
        }
    }

    /// The audit page's filters; a `since` or `limit` that cannot be read is left out (the default applies).
    private static func auditQuery(of request: Request) -> AuditQuery {
        let parameters = request.uri.queryParameters
        let clientID = parameters["client_id"].map { String($0).trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        let limit = parameters["limit"].flatMap { Int($0) }.map { min(max($0, 1), 1_000) } ?? 100
        return AuditQuery(clientID: clientID, since: parameters["since"].flatMap { AuditQuery.date(String($0)) }, limit: limit)
    }

    // MARK: Shared

    /// A search box's text: nil when absent or blank.
    private static func searchText(of request: Request) -> String? {
        request.uri.queryParameters["q"].map { String($0).trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Renders a console page: its words, its tabs with `tab` the current one, and `values`.
    private func renderConsole(
        _ template: String, tab: String, _ request: Request, _ session: PortalSession, _ words: ConsoleText, values: [String: Any]
    ) -> Response {
        let tabs = [
            (words.overview, ConsolePaths.home), (words.applications, ConsolePaths.applications), (words.developers, ConsolePaths.developers),
            (words.apis, ConsolePaths.apis), (words.audit, ConsolePaths.audit),
        ]
        return render(
            template, request, session: session,
            values: values.merging(
                ["console": words.templateValues, "tabs": tabs.map { ["title": $0.0, "link": $0.1, "current": $0.1 == tab] }]
            ) { _, new in new })
    }

    /// The signed-in user when they are an unlocked administrator: otherwise the sign-in page (signed out) or 403.
    private func administrator(_ session: PortalSession?, _ request: Request, returnPath: String) async throws -> Result<EndUser, Refused> {
        guard let session, session.isSignedIn else {
            return .failure(Refused(signIn(request, returnPath: returnPath, reauthenticate: false)))
        }
        guard let user = try await store.user(subject: session.subject), user.isAdministrator, !user.locked else {
            let words = ConsoleText.choose(PageLanguage.accepted(by: request))
            return .failure(Refused(render("error", request, status: .forbidden, session: session, values: ["message": words.notAnAdministrator])))
        }
        return .success(user)
    }

    /// Runs `page` for a signed-in administrator.
    private func withAdministrator(
        _ request: Request, returnPath: String, _ page: (PortalSession, ConsoleText) async throws -> Response
    ) async -> Response {
        let session = session(of: request)
        do {
            switch try await administrator(session, request, returnPath: returnPath) {
            case .failure(let refused): return refused.response
            case .success: return try await page(session!, ConsoleText.choose(PageLanguage.accepted(by: request)))
            }
        } catch {
            return failure(request, error, doing: "Could not show a console page")
        }
    }

    /// Runs a console form's `action` for a signed-in administrator whose form carries the session's CSRF token, then
    /// sends the browser back to `returnPath` (303); a refused change is an error page saying why.
    private func consoleAction(
        _ request: Request, returnPath: String, _ action: (EndUser, Form) async throws -> Void
    ) async -> Response {
        let session = session(of: request)
        do {
            let administrator: EndUser
            switch try await self.administrator(session, request, returnPath: returnPath) {
            case .failure(let refused): return refused.response
            case .success(let user): administrator = user
            }
            guard let form = await checkedForm(request, session: session) else {
                return errorPage(request, status: .forbidden, message: \.expiredPage)
            }
            try await AuditActor.$current.withValue(.administrator(administrator.username)) { try await action(administrator, form) }
            await catchUp()
            return Pages.seeOther(returnPath)
        } catch let invalid as InvalidInput {
            return render("error", request, status: .badRequest, session: session, values: ["message": invalid.description])
        } catch StoreError.notFound {
            let words = ConsoleText.choose(PageLanguage.accepted(by: request))
            return render("error", request, status: .notFound, session: session, values: ["message": words.nothingFound])
        } catch let error as StoreError {
            return render("error", request, status: .conflict, session: session, values: ["message": error.description])
        } catch {
            return failure(request, error, doing: "Could not carry out a console action")
        }
    }
}
