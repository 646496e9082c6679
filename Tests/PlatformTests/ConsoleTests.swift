import Foundation
import HTTPTypes
import OAuthCore
import Platform
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

/// Issue 13, item 4: the provider's console at `/portal/admin`, for administrators only.
@Suite struct ConsoleTests {
    static let pages = [
        "/portal/admin", "/portal/admin/applications", "/portal/admin/developers", "/portal/admin/apis", "/portal/admin/audit",
        "/portal/admin/audit.jsonl",
    ]

    /// A developer with an application whose subscription to the manually approved API `gated` waits.
    struct Waiting {
        let browser: Browser
        let clientID: String
        let header: String
    }

    static func waitingSubscription(_ portal: PortalTests.Portal, email: String = "ada@example.com") async throws -> Waiting {
        let browser = try await portal.developer(email)
        _ = try await portal.signIn(browser, email)
        let clientID = try await portal.createApplication(browser)
        try await portal.publishAPI("gated", approval: .manual)
        #expect(try await portal.subscribe(browser, clientID, to: "gated").status == .seeOther)
        return Waiting(browser: browser, clientID: clientID, header: try await portal.revealedHeader(browser, clientID: clientID))
    }

    /// The operator's administrator `root`, who is no developer, signed in through the portal's own sign-in.
    static func administrator(_ portal: PortalTests.Portal) async throws -> Browser {
        _ = try await withAdministration(portal.configuration) { platform in
            _ = try await platform.provisioning.createUser(username: "root", password: PortalTests.password)
            return try await platform.provisioning.setAdministrator(true, username: "root")
        }
        let browser = Browser(portal.platform)
        let console = try await browser.signIn(startingAt: "/portal/admin", username: "root", password: PortalTests.password)
        #expect(console.status == .ok)
        return browser
    }

    static func subscription(_ portal: PortalTests.Portal, _ clientID: String) async throws -> Subscription? {
        try await withAdministration(portal.configuration) { try await $0.store.subscriptions(clientID: clientID).first }
    }

    @Test func everyoneButAnAdministratorIsRefusedEveryPageAndForm() async throws {
        try await PortalTests().withPortal { portal in
            let waiting = try await Self.waitingSubscription(portal)
            let subscription = try #require(try await Self.subscription(portal, waiting.clientID))
            let developer = try #require(try await withAdministration(portal.configuration) { try await $0.store.developer(email: "ada@example.com") })
            let page = try await waiting.browser.get("/portal/apps")
            let csrf = String(try #require(page.body.firstMatch(of: /name="csrf_token" value="([^"]+)"/)).output.1)
            let forms = [
                "/portal/admin/subscriptions/\(subscription.id)/approve", "/portal/admin/subscriptions/\(subscription.id)/reject",
                "/portal/admin/applications/\(waiting.clientID)/suspend", "/portal/admin/developers/\(developer.subject)/lock",
            ]
            for path in Self.pages {
                #expect(try await waiting.browser.get(path).status == .forbidden, "\(path), a developer")
                let stranger = try await Browser(portal.platform).get(path)
                #expect(stranger.status == .seeOther && stranger.headers[.location]?.contains("/login/portal") == true, "\(path), signed out")
            }
            for path in forms {
                #expect(try await waiting.browser.post(path, fields: [.init("csrf_token", csrf)]).status == .forbidden, "\(path)")
                #expect(try await Browser(portal.platform).post(path, fields: []).status == .seeOther, "\(path), signed out")
            }
            #expect(try await Self.subscription(portal, waiting.clientID)?.status == .pending)
            let application = try await withAdministration(portal.configuration) { try await $0.provisioning.application(clientID: waiting.clientID) }
            #expect(application.status == .active)
            #expect(try await withAdministration(portal.configuration) { try await $0.store.user(subject: developer.subject)?.locked } == false)

            // A former administrator is refused at once.
            let root = try await Self.administrator(portal)
            #expect(try await root.get("/portal/admin").status == .ok)
            _ = try await withAdministration(portal.configuration) { try await $0.provisioning.setAdministrator(false, username: "root") }
            #expect(try await root.get("/portal/admin").status == .forbidden)
        }
    }

    @Test func anAdministratorApprovesRejectsSuspendsAndLocks() async throws {
        try await PortalTests().withPortal { portal in
            let waiting = try await Self.waitingSubscription(portal)
            let root = try await Self.administrator(portal)
            #expect(try await portal.platform.token(authorization: waiting.header).status != .ok, "pending: no token")

            let console = try await root.get("/portal/admin")
            #expect(console.body.contains(waiting.clientID) && console.body.contains("gated"))
            let subscription = try #require(try await Self.subscription(portal, waiting.clientID))
            let approve = try #require(console.form(posting: "/portal/admin/subscriptions/\(subscription.id)/approve"))
            let approved = try await root.submit(approve)
            #expect(approved.status == .seeOther && approved.headers[.location] == "/portal/admin")
            #expect(try await Self.subscription(portal, waiting.clientID)?.status == .active)
            #expect(try await eventually(within: .seconds(15)) { try await portal.platform.token(authorization: waiting.header).status == .ok })
            #expect(try await root.get("/portal/admin").body.contains(#"id="pending""#) == false)

            // Another application's request, rejected with a reason the developer reads.
            let second = try await portal.createApplication(waiting.browser, name: "Second")
            #expect(try await portal.subscribe(waiting.browser, second, to: "gated").status == .seeOther)
            let pending = try #require(try await Self.subscription(portal, second))
            let reject = try #require(try await root.get("/portal/admin").form(posting: "/portal/admin/subscriptions/\(pending.id)/reject"))
            #expect(try await root.submit(reject, replacing: ["reason": "Tell us what it is for."]).status == .seeOther)
            #expect(try await Self.subscription(portal, second)?.status == .rejected)
            #expect(try await waiting.browser.get("/portal/apps/\(second)").body.contains("Tell us what it is for."))

            // Applications: found by a piece of their name, suspended, resumed.
            let found = try await root.get("/portal/admin/applications?q=weath")
            #expect(found.body.contains(waiting.clientID) && !found.body.contains(second))
            let suspend = try #require(found.form(posting: "/portal/admin/applications/\(waiting.clientID)/suspend"))
            #expect(try await root.submit(suspend).status == .seeOther)
            #expect(try await eventually(within: .seconds(15)) { try await portal.platform.token(authorization: waiting.header).status != .ok })
            let resume = try #require(try await root.get("/portal/admin/applications?q=\(waiting.clientID)").form(
                posting: "/portal/admin/applications/\(waiting.clientID)/resume"))
            #expect(try await root.submit(resume).status == .seeOther)
            #expect(try await eventually(within: .seconds(15)) { try await portal.platform.token(authorization: waiting.header).status == .ok })

            // Developers: locked, then unlocked; an administrator cannot lock themselves out.
            let developer = try #require(try await withAdministration(portal.configuration) { try await $0.store.developer(email: "ada@example.com") })
            let developers = try await root.get("/portal/admin/developers?q=ADA")
            #expect(developers.body.contains("ada@example.com"))
            let lock = try #require(developers.form(posting: "/portal/admin/developers/\(developer.subject)/lock"))
            #expect(try await root.submit(lock).status == .seeOther)
            #expect(try await withAdministration(portal.configuration) { try await $0.store.user(subject: developer.subject)?.locked } == true)
            let unlock = try #require(try await root.get("/portal/admin/developers").form(
                posting: "/portal/admin/developers/\(developer.subject)/unlock"))
            #expect(try await root.submit(unlock).status == .seeOther)
            #expect(try await withAdministration(portal.configuration) { try await $0.store.user(subject: developer.subject)?.locked } == false)

            let apis = try await root.get("/portal/admin/apis")
            #expect(apis.status == .ok && apis.body.contains("gated") && apis.body.contains("manual"))

            // Each action is in the audit trail as the administrator's, an operator, from the browser's address.
            let trail = try await withAdministration(portal.configuration) { try await $0.store.auditTrail(AuditQuery(clientID: waiting.clientID)) }
            let byRoot = trail.filter { $0.actor == AuditActor(kind: .operator, name: "root", address: "127.0.0.1") }.map(\.action)
            #expect(byRoot == [.resumed, .suspended, .subscriptionApproved])
            let space = try await withAdministration(portal.configuration) {
                try await $0.store.auditTrail(AuditQuery(clientSpaceID: developer.clientSpaceID))
            }
            #expect(space.filter { $0.actor.name == "root" && $0.clientID == nil }.map(\.action) == [.accountUnlocked, .accountLocked])

            // The whole trail in the console, filtered by application, and its export as JSON Lines.
            let audit = try await root.get("/portal/admin/audit?client_id=\(waiting.clientID)")
            #expect(audit.status == .ok && audit.body.contains("operator: root") && audit.body.contains("subscription-approved"))
            #expect(!audit.body.contains(second))
            let export = try await root.get("/portal/admin/audit.jsonl?client_id=\(waiting.clientID)&limit=2")
            #expect(export.headers[.contentType] == "application/jsonl; charset=utf-8")
            let lines = export.body.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            #expect(lines.count == 2 && lines.allSatisfy { $0?["client_id"] as? String == waiting.clientID })
            #expect(lines.first??["action"] as? String == "resumed" && lines.first??["actor"] as? String == "root")
        }
    }

    /// Every console action through the JSON API, checked against its OpenAPI document; a developer is refused.
    @Test func theConsoleThroughTheJSONAPI() async throws {
        try await PortalTests().withPortal { portal in
            let client = try await PortalAPITests.DeveloperClient.signUp(portal, "ada@example.com")
            try await portal.publishAPI("gated", approval: .manual)
            let ada = try await client.tokens().access
            let requested = try await client.call(.post, "/applications/\(client.clientID)/subscriptions", token: ada, json: #"{"api": "gated"}"#)
            #expect(requested.status == .created || requested.status == .ok)
            let other = try await client.call(.post, "/applications", token: ada, json: #"{"name": "Other"}"#)
            let otherID = try #require((other.object["application"] as? [String: Any])?["client_id"] as? String)
            #expect(try await client.call(.get, "/admin/subscriptions", token: ada).status == .forbidden)
            #expect(PortalAPITests.code(try await client.call(.post, "/admin/applications/\(otherID)/suspend", token: ada)) == 52)

            _ = try await withAdministration(portal.configuration) { platform in
                _ = try await platform.provisioning.createUser(username: "root", password: PortalTests.password)
                return try await platform.provisioning.setAdministrator(true, username: "root")
            }
            let root = try await client.tokens(signingIn: Browser(portal.platform), as: "root", password: PortalTests.password).access
            let pending = try await client.call(.get, "/admin/subscriptions", token: root)
            let subscriptions = try #require(pending.object["subscriptions"] as? [[String: Any]])
            let waiting = try #require(subscriptions.first { $0["client_id"] as? String == client.clientID })
            let id = try #require(waiting["id"] as? String)
            #expect(waiting["api"] as? String == "gated" && waiting["owner"] as? String == "ada@example.com")
            let approved = try await client.call(.post, "/admin/subscriptions/\(id)/approve", token: root)
            #expect(approved.status == .ok && approved.object["status"] as? String == "active")
            #expect(try await client.call(.post, "/admin/subscriptions/\(id)/reject", token: root, json: #"{"reason": "late"}"#).status == .conflict)

            let suspended = try await client.call(.post, "/admin/applications/\(otherID)/suspend", token: root)
            #expect(suspended.status == .ok && suspended.object["status"] as? String == "suspended")
            #expect(try await client.call(.post, "/admin/applications/\(otherID)/resume", token: root).object["status"] as? String == "active")
            #expect(try await client.call(.post, "/admin/applications/unknown/suspend", token: root).status == .notFound)

            let locked = try await client.call(.post, "/admin/developers/ada@example.com/lock", token: root)
            #expect(locked.status == .ok && locked.object["locked"] as? Bool == true)
            #expect(
                try await eventually(within: .seconds(15)) { try await client.call(.get, "/applications", token: ada).status == .unauthorized },
                "a locked user's grants stop working")
            #expect(try await client.call(.post, "/admin/developers/ada@example.com/unlock", token: root).object["locked"] as? Bool == false)

            let usage = try await client.call(.get, "/admin/usage?window=7d", token: root)
            #expect(usage.status == .ok && (usage.object["calls"] as? Int ?? 0) >= 0)
            #expect(try await client.call(.get, "/admin/usage?window=1y", token: root).status == .badRequest)
            let audit = try await client.call(.get, "/admin/audit?client_id=\(otherID)&limit=2", token: root)
            let entries = try #require(audit.object["entries"] as? [[String: Any]])
            #expect(entries.map { $0["action"] as? String } == ["resumed", "suspended"])
            #expect(entries.allSatisfy { $0["actor"] as? String == "root" && $0["actor_kind"] as? String == "operator" })
        }
    }
}
