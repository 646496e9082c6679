import Foundation
import HTTPTypes
import Platform
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

/// Issue 13, item 5: the developer is told by e-mail when an operator approves or rejects a subscription or suspends
/// or resumes the application; the administrators when a subscription waits for approval. A mail that cannot be sent
/// fails nothing, and no message holds a secret.
@Suite struct NotificationTests {
    static let publicURL = "https://developer.example.com"

    /// An application of dev@example.com, named Weather, whose subscriptions to `apis` wait for approval, as when its
    /// developer asks for them in the portal; with its client_id and secret.
    static func waiting(_ cli: AdminCommands, for apis: [String]) async throws -> (clientID: String, secret: String, subscriptions: [Subscription]) {
        for api in apis {
            _ = try await cli.run(["api", "create", "--name", api, "--base-path", "/\(api)/v1", "--upstream", "http://127.0.0.1:9"])
        }
        let created = try await cli.run(["app", "create", "--email", "dev@example.com", "--name", "Weather"])
        let clientID = try #require(try created.json()["client_id"] as? String)
        let secret = try #require(try created.json()["client_secret"] as? String)
        let subscriptions = try await withAdministration(CatalogCommandTests.configuration(cli)) { platform in
            var subscriptions: [Subscription] = []
            for api in apis {
                subscriptions.append(
                    try await platform.store.requestSubscription(
                        SubscriptionRequest(clientID: clientID, apiName: api, status: .pending, termsVersion: nil, acceptedBy: "dev@example.com")))
            }
            return subscriptions
        }
        return (clientID, secret, subscriptions)
    }

    @Test(arguments: StoreDriver.available) func anApprovalAndARejectionByTheCLITellTheDeveloperWithTheReason(driver: StoreDriver) async throws {
        let cli = try await AdminCommands(driver)
        let (clientID, secret, subscriptions) = try await Self.waiting(cli, for: ["poi", "sms"])

        let approved = try await cli.run(["subscription", "approve", subscriptions[0].id, "--public-url", Self.publicURL])
        #expect(approved.status == 0, "\(approved.stderr)")
        let approval = try #require(try cli.outbox.messages(to: "dev@example.com").last)
        #expect(approval.headers["Subject"] == "Subscription approved: poi / Abonnement accepté : poi")
        #expect(approval.body.contains("“Weather” (client_id \(clientID)) may now call the API poi"))
        #expect(approval.body.contains("« Weather » (client_id \(clientID)) peut désormais appeler l’API poi"))
        #expect(approval.link == Self.publicURL + "/portal/apps/" + clientID)

        let reason = "No production use case yet."
        let rejected = try await cli.run(["subscription", "reject", subscriptions[1].id, "--reason", reason, "--public-url", Self.publicURL])
        #expect(rejected.status == 0, "\(rejected.stderr)")
        let rejection = try #require(try cli.outbox.messages(to: "dev@example.com").last)
        #expect(rejection.headers["Subject"] == "Subscription rejected: sms / Abonnement refusé : sms")
        #expect(rejection.body.contains("Reason: " + reason) && rejection.body.contains("Motif : " + reason))
        #expect(rejection.link == Self.publicURL + "/portal/apps/" + clientID)
        let headers = try #require(rejection.raw.components(separatedBy: "\r\n\r\n").first)
        #expect(!headers.contains("production"), "the reason stays in the body")

        let messages = try cli.outbox.messages()
        #expect(messages.count == 2 && messages.allSatisfy { $0.headers["To"] == "dev@example.com" })
        #expect(messages.allSatisfy { !$0.raw.contains(secret) && !$0.body.contains(secret) })
        await cli.database.drop()
    }

    @Test(arguments: StoreDriver.available) func aSuspensionAndAResumptionByTheCLITellTheDeveloper(driver: StoreDriver) async throws {
        let cli = try await AdminCommands(driver)
        let created = try await cli.run(["app", "create", "--email", "dev@example.com", "--name", "Weather"])
        let clientID = try #require(try created.json()["client_id"] as? String)
        let secret = try #require(try created.json()["client_secret"] as? String)

        #expect(try await cli.run(["app", "suspend", clientID, "--public-url", Self.publicURL]).status == 0)
        let suspension = try #require(try cli.outbox.messages(to: "dev@example.com").last)
        #expect(suspension.headers["Subject"] == "Application suspended / Application suspendue")
        #expect(suspension.body.contains("“Weather” (client_id \(clientID)) was suspended") && suspension.body.contains("a été suspendue"))
        #expect(suspension.link == Self.publicURL + "/portal/apps/" + clientID)

        // Without a public URL the developer is still told, with no link.
        #expect(try await cli.run(["app", "resume", clientID]).status == 0)
        let resumption = try #require(try cli.outbox.messages(to: "dev@example.com").last)
        #expect(resumption.headers["Subject"] == "Application resumed / Application réactivée")
        #expect(resumption.body.contains("“Weather” (client_id \(clientID)) was resumed") && resumption.body.contains("a été réactivée"))
        #expect(resumption.link == nil)

        let messages = try cli.outbox.messages()
        #expect(messages.count == 2 && messages.allSatisfy { !$0.raw.contains(secret) })
        await cli.database.drop()
    }

    @Test(arguments: StoreDriver.available) func aMailThatCannotBeSentFailsNeitherTheApprovalNorTheSuspension(driver: StoreDriver) async throws {
        let cli = try await AdminCommands(driver)
        let (clientID, _, subscriptions) = try await Self.waiting(cli, for: ["poi", "sms"])
        let failing = ["--mail-command", "false", "--public-url", Self.publicURL]

        let approved = try await cli.run(["subscription", "approve", subscriptions[0].id] + failing)
        #expect(approved.status == 0, "\(approved.stderr)")
        #expect(try approved.json()["status"] as? String == "active")
        #expect(approved.stderr.contains("Could not send a notification") && approved.stderr.contains("false exited with status 1"), "\(approved.stderr)")
        let rejected = try await cli.run(["subscription", "reject", subscriptions[1].id, "--reason", "Confidential plans."] + failing)
        #expect(rejected.status == 0, "\(rejected.stderr)")
        #expect(!rejected.stderr.contains("Confidential") && !rejected.stderr.contains("Weather") && !rejected.stderr.contains("dev@example.com"))
        let suspended = try await cli.run(["app", "suspend", clientID] + failing)
        #expect(suspended.status == 0, "\(suspended.stderr)")
        #expect(try suspended.json()["status"] as? String == "suspended")

        let stored = try await withAdministration(CatalogCommandTests.configuration(cli)) { platform in
            try await platform.store.subscriptions(clientID: clientID).map(\.status)
        }
        #expect(stored == [.active, .rejected])
        #expect(try cli.outbox.messages().isEmpty)
        await cli.database.drop()
    }

    @Test func aSubscriptionWaitingForApprovalTellsEveryAdministratorWithAnAddressAndNobodyElse() async throws {
        try await PortalTests().withPortal { portal in
            _ = try await portal.developer("bea@example.com", name: "Bea")
            try await withAdministration(portal.configuration) { platform in
                let users: [(String, String?, Bool)] = [
                    ("root", "root@example.com", true), ("nomail", nil, true), ("gone", "gone@example.com", true),
                    ("alice", "alice@example.com", false),
                ]
                for (username, email, administrator) in users {
                    _ = try await platform.provisioning.createUser(username: username, password: PortalTests.password, claims: EndUserClaims(email: email))
                    if administrator { _ = try await platform.provisioning.setAdministrator(true, username: username) }
                }
                _ = try await platform.provisioning.setLocked(true, username: "gone")
                // A developer the operator made an administrator: their address is their `email` claim.
                _ = try await platform.provisioning.setAdministrator(true, username: "bea@example.com")
            }
            let ada = try await portal.developer("ada@example.com")
            _ = try await portal.signIn(ada, "ada@example.com")
            let clientID = try await portal.createApplication(ada)
            try await portal.publishAPI("open")
            try await portal.publishAPI("gated", approval: .manual)
            let before = try portal.outbox.messages().count

            #expect(try await portal.subscribe(ada, clientID, to: "open").status == .seeOther)
            #expect(try portal.outbox.messages().count == before, "an automatic approval tells nobody")
            #expect(try await portal.subscribe(ada, clientID, to: "gated").status == .seeOther)

            let sent = try portal.outbox.messages().dropFirst(before)
            #expect(sent.compactMap { $0.headers["To"] }.sorted() == ["bea@example.com", "root@example.com"])
            for message in sent {
                #expect(message.headers["Subject"] == "Subscription to approve: gated / Abonnement à valider : gated")
                #expect(message.body.contains("“Weather” (client_id \(clientID)) of ada@example.com asks to subscribe to the API gated"))
                #expect(message.link == portal.platform.baseURL + "/portal/admin")
            }

            // The administrator follows the link and approves in the console: the developer is told, with the link to
            // the application's page (the server's provisioning notifies, whoever calls it).
            let root = Browser(portal.platform)
            let console = try await root.signIn(startingAt: "/portal/admin", username: "root", password: PortalTests.password)
            let id = try #require(try await withAdministration(portal.configuration) { try await $0.store.pendingSubscriptions() }.first?.id)
            let approve = try #require(console.form(posting: "/portal/admin/subscriptions/\(id)/approve"))
            #expect(try await root.submit(approve).status == .seeOther)
            let approval = try #require(try portal.outbox.messages(to: "ada@example.com").last)
            #expect(approval.headers["Subject"] == "Subscription approved: gated / Abonnement accepté : gated")
            #expect(approval.link == portal.platform.baseURL + "/portal/apps/" + clientID)
        }
    }
}
