import Foundation
import HTTPTypes
import OAuthCore
import Platform
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

/// The audit trail end to end (issue 13, item 3): each kind of change with its actor — a developer through the portal
/// with their address, an operator through the command line, the platform for a replayed code — no secret in any
/// entry, the developer's pages and JSON API, and `orangerie audit list`.
@Suite struct AuditTrailTests {
    /// A running platform on the database of `cli`, with the portal's helpers.
    func withPortal<Value: Sendable>(_ cli: AdminCommands, _ body: @Sendable (PortalTests.Portal) async throws -> Value) async throws -> Value {
        let configuration = CatalogCommandTests.configuration(cli)
        let outbox = Outbox(configuration)
        return try await withPlatform(configuration) { platform in
            try await body(PortalTests.Portal(platform: platform, outbox: outbox, configuration: configuration))
        }
    }

    /// `audit list ARGUMENTS --json`, one object a line.
    func auditLines(_ cli: AdminCommands, _ arguments: [String] = []) async throws -> [[String: Any]] {
        let listed = try await cli.run(["audit", "list", "--json"] + arguments)
        #expect(listed.status == 0, "\(listed.stderr)")
        return try listed.stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test func eachKindOfChangeIsByItsActor() async throws {
        let cli = try await AdminCommands(.sqlite)
        try await withPortal(cli) { portal in
            // The developer, on the pages: creates CI, subscribes it, reveals its secret.
            let ada = try await PortalAPITests.DeveloperClient.signUp(portal, "ada@example.com")
            // The operator, at the command line.
            for command in [["app", "suspend", ada.clientID], ["app", "resume", ada.clientID], ["client-space", "set", "--email", "ada@example.com", "--internal"]] {
                let result = try await cli.run(command)
                #expect(result.status == 0, "\(command): \(result.stderr)")
            }
            // This instance sees the resumption through the change feed.
            #expect(try await eventually(within: .seconds(15)) { try await portal.platform.token(authorization: ada.basicAuthorization).status == .ok })
            // The platform: an authorization code presented twice revokes its grant (RFC 6749 §4.1.2).
            let parameters = [
                "response_type": "code", "client_id": ada.clientID, "scope": "openid", "redirect_uri": PortalAPITests.redirectURI, "state": "s",
            ]
            let code = try #require(
                try await ada.browser.authorize(parameters, username: ada.email, password: PortalTests.password).redirectParameters["code"])
            let exchange = "grant_type=authorization_code&code=\(code)&redirect_uri=\(FormEncoding.escape(PortalAPITests.redirectURI))"
            let headers: HTTPFields = [.authorization: ada.basicAuthorization, .contentType: "application/x-www-form-urlencoded"]
            #expect(try await eventually(within: .seconds(15)) {
                try await portal.platform.request(.post, OAuthTestPaths.token, headers: headers, body: exchange).status == .ok
            })
            #expect(try await portal.platform.request(.post, OAuthTestPaths.token, headers: headers, body: exchange).status == .badRequest)
            // The end user (here the developer herself), on the account page: withdraws her consent to CI.
            let revoke = try #require(try await ada.browser.get(OAuthTestPaths.account).form(posting: "/account/revoke"))
            #expect(try await ada.browser.submit(revoke).status == .seeOther)

            let lines = try await auditLines(cli)
            func entry(_ action: AuditAction) throws -> [String: Any] {
                try #require(lines.first { $0["action"] as? String == action.rawValue }, "\(action)")
            }
            for action in [AuditAction.created, .subscribed, .secretRevealed] {
                let byDeveloper = try entry(action)
                #expect(byDeveloper["actor_kind"] as? String == "developer" && byDeveloper["actor"] as? String == "ada@example.com")
                #expect(byDeveloper["address"] as? String == "127.0.0.1" && byDeveloper["client_id"] as? String == ada.clientID)
            }
            for action in [AuditAction.suspended, .resumed, .spaceMarkedInternal] {
                let byOperator = try entry(action)
                #expect(byOperator["actor_kind"] as? String == "operator" && (byOperator["actor"] as? String)?.isEmpty == false)
                #expect(byOperator["address"] == nil)
            }
            #expect(try entry(.spaceMarkedInternal)["client_id"] == nil, "a change to the space itself")
            let replayed = try entry(.grantRevokedByReplayedCode)
            #expect(replayed["actor_kind"] as? String == "system" && replayed["address"] as? String == "127.0.0.1")
            #expect(replayed["client_id"] as? String == ada.clientID)
            let withdrawn = try entry(.consentWithdrawn)
            #expect(withdrawn["actor_kind"] as? String == "user" && withdrawn["actor"] as? String == "ada@example.com")
            #expect(withdrawn["address"] as? String == "127.0.0.1")
        }
        await cli.database.drop()
    }

    /// Azure API Management issue 1208: a secret shown or regenerated in the portal is in the log, the secret never.
    @Test func noEntryHoldsASecret() async throws {
        let cli = try await AdminCommands(.sqlite)
        let created = try await cli.run(["app", "create", "--email", "ops@example.com", "--name", "By the operator"])
        let operatorsApp = try #require(try created.json()["client_id"] as? String)
        let renewed = try await cli.run(["app", "renew-secret", operatorsApp])
        let operatorsSecrets = [try created.json()["client_secret"] as? String, try renewed.json()["client_secret"] as? String].compactMap { $0 }
        let secrets = try await withPortal(cli) { portal in
            let browser = try await portal.developer("ada@example.com")
            _ = try await portal.signIn(browser, "ada@example.com")
            let clientID = try await portal.createApplication(browser)
            let first = try await portal.revealedHeader(browser, clientID: clientID)
            let renew = try #require(try await browser.get("/portal/apps/\(clientID)").form(posting: "/portal/apps/\(clientID)/renew"))
            #expect(try await browser.submit(renew).status == .seeOther)
            let second = try await portal.revealedHeader(browser, clientID: clientID)
            #expect(first != second)
            var secrets = operatorsSecrets
            for header in [first, second] {
                let decoded = String(decoding: try #require(Data(base64Encoded: String(header.dropFirst("Basic ".count)))), as: UTF8.self)
                secrets += [String(header.dropFirst("Basic ".count)), String(decoded.split(separator: ":").last ?? "")]
            }
            let page = try await browser.get("/portal/activity")
            #expect(page.status == .ok && page.body.contains("Secret revealed") && page.body.contains("Secret renewed"))
            for secret in secrets { #expect(!page.body.contains(secret)) }
            return secrets
        }
        let listed = try await cli.run(["audit", "list", "--json"])
        #expect(Set(try await auditLines(cli).compactMap { $0["action"] as? String }) == ["created", "secret-renewed", "secret-revealed"])
        #expect(secrets.count == 6 && secrets.allSatisfy { $0.count >= 20 })
        for secret in secrets { #expect(!listed.stdout.contains(secret)) }
        await cli.database.drop()
    }

    /// The developer's whole space on a page (English and French, in the navigation) and in the JSON API: their own
    /// applications' entries only, a deleted application's included, the operator by kind alone.
    @Test func theDeveloperSeesTheirSpacesTrail() async throws {
        let cli = try await AdminCommands(.sqlite)
        try await withPortal(cli) { portal in
            let ada = try await PortalAPITests.DeveloperClient.signUp(portal, "ada@example.com")
            let other = try await portal.developer("grace@example.com", name: "Grace")
            _ = try await portal.signIn(other, "grace@example.com")
            let gracesApp = try await portal.createApplication(other, name: "Grace's")
            let doomed = try await portal.createApplication(ada.browser, name: "Doomed")
            let delete = try #require(try await ada.browser.get("/portal/apps/\(doomed)").form(posting: "/portal/apps/\(doomed)/delete"))
            #expect(try await ada.browser.submit(delete).status == .seeOther)
            #expect(try await cli.run(["app", "suspend", ada.clientID]).status == 0)
            #expect(try await cli.run(["app", "resume", ada.clientID]).status == 0)
            #expect(try await eventually(within: .seconds(15)) { try await portal.platform.token(authorization: ada.basicAuthorization).status == .ok })

            let page = try await ada.browser.get("/portal/activity")
            #expect(page.status == .ok && page.body.contains(#"href="/portal/activity""#))
            #expect(page.body.contains("Deleted") && page.body.contains("Suspended") && page.body.contains(#"<a href="/portal/apps/\#(ada.clientID)">CI</a>"#))
            #expect(page.body.contains(doomed) && !page.body.contains(gracesApp))
            #expect(page.body.contains("<td>operator</td>") && page.body.contains("127.0.0.1"))
            let french = try await ada.browser.get("/portal/activity", headers: [.acceptLanguage: "fr"])
            #expect(french.body.contains("Activité") && french.body.contains("Suppression"))
            #expect(try await Browser(portal.platform).get("/portal/activity").status == .seeOther, "signed in only")

            let (token, _) = try await ada.tokens()
            let answer = try await ada.call(.get, "/activity", token: token)
            let entries = try #require(answer.object["activity"] as? [[String: Any]])
            #expect(entries.prefix(3).compactMap { $0["kind"] as? String } == ["resumed", "suspended", "deleted"])
            #expect(entries[0]["actor"] as? String == "operator" && entries[0]["address"] == nil)
            #expect(entries.allSatisfy { $0["client_id"] as? String != gracesApp })
            #expect(entries.contains { $0["kind"] as? String == "created" && $0["client_id"] as? String == doomed })
            let limited = try await ada.call(.get, "/activity?limit=1&since=2000-01-01", token: token)
            #expect((limited.object["activity"] as? [Any])?.count == 1)
            #expect(try await ada.call(.get, "/activity?since=2999-01-01T00:00:00Z", token: token).object["activity"] as? [Any] != nil)
            let refused = try await ada.call(.get, "/activity?since=yesterday", token: token)
            #expect(refused.status == .badRequest && PortalAPITests.code(refused) == 28)
            let tab = try await ada.call(.get, "/applications/\(ada.clientID)/activity", token: token)
            #expect(PortalAPITests.kinds(tab).prefix(2) == ["resumed", "suspended"])
        }
        await cli.database.drop()
    }

    @Test(arguments: StoreDriver.available) func auditListFiltersByApplicationAndTime(driver: StoreDriver) async throws {
        let cli = try await AdminCommands(driver)
        let first = try #require(try await cli.run(["app", "create", "--email", "a@example.com", "--name", "First"]).json()["client_id"] as? String)
        let second = try #require(
            try await cli.run(["app", "create", "--email", "b@example.com", "--name", "Second"]).json()["client_id"] as? String)
        #expect(try await cli.run(["app", "suspend", first]).status == 0)

        let all = try await auditLines(cli)
        #expect(all.map { [$0["action"] as? String, $0["client_id"] as? String] } == [["suspended", first], ["created", second], ["created", first]])
        #expect(all.allSatisfy { $0["actor_kind"] as? String == "operator" && $0["client_space_id"] is String && $0["at"] is String })
        #expect(try await auditLines(cli, ["--client-id", first]).compactMap { $0["action"] as? String } == ["suspended", "created"])
        #expect(try await auditLines(cli, ["--limit", "1"]).count == 1)
        #expect(try await auditLines(cli, ["--since", "2000-01-01"]).count == 3)
        #expect(try await auditLines(cli, ["--since", "2999-01-01T00:00:00Z"]).isEmpty)
        #expect(try await auditLines(cli, ["--client-id", "unknown"]).isEmpty)

        let text = try await cli.run(["audit", "list", "--client-id", second])
        let fields = try #require(text.stdout.split(separator: "\n").first).split(separator: "\t", omittingEmptySubsequences: false)
        #expect(fields.count == 6 && fields[3] == "created" && fields[4] == second && fields[2] == "-")
        #expect(fields[5] == "Second" && fields[1].hasPrefix("operator:"))
        let wrong = try await cli.run(["audit", "list", "--since", "yesterday"])
        #expect(wrong.status != 0 && wrong.stderr.contains("--since"))
        #expect(try await cli.run(["audit", "list", "--help"]).stdout.contains("--client-id"))
        await cli.database.drop()
    }
}
