import Foundation
import HTTPTypes
import OAuthCore
import Platform
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

/// The operator's side of the API catalog (issue 12, item 3) through the real `orangerie` executable: documenting an
/// API, and deciding on the subscriptions an API with manual approval keeps pending.
@Suite struct CatalogCommandTests {
    /// The server's configuration on the commands' database.
    static func configuration(_ cli: AdminCommands) -> PlatformConfiguration {
        var configuration = testConfiguration()
        configuration.database = DatabaseLocation(cli.database.location)
        configuration.masterKey = SeveralInstancesTests.masterKey
        return configuration
    }

    /// `text` in a fresh file, for `--openapi` and `--terms`.
    static func file(_ text: String, named name: String) throws -> String {
        let path = TemporaryDirectory().path + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test(arguments: StoreDriver.available) func documentsAnAPIWithOpenAPITermsAndApproval(driver: StoreDriver) async throws {
        let cli = try await AdminCommands(driver)
        _ = try await cli.run(["api", "create", "--name", "poi", "--base-path", "/poi/v1", "--upstream", "http://127.0.0.1:9"])
        let json = #"{"openapi": "3.1.0", "info": {"title": "POI", "version": "1"}, "paths": {}}"#
        let yaml = "# Points of interest\nopenapi: 3.0.3\ninfo:\n  title: POI\n  version: '1'\npaths: {}\n"
        let terms = try Self.file("Use it fairly.\n", named: "terms.md")

        let documented = try await cli.run([
            "api", "update", "poi", "--openapi", try Self.file(json, named: "poi.json"), "--description", "Points of interest",
            "--terms", terms, "--approval", "manual",
        ])
        #expect(documented.status == 0, "\(documented.stderr)")
        #expect(try documented.json()["description"] as? String == "Points of interest")
        #expect(try documented.json()["approval"] as? String == "manual")
        #expect(try documented.json()["has_openapi"] as? Bool == true)
        #expect(try documented.json()["terms_version"] as? String == "1")
        #expect(try documented.json()["base_path"] as? String == "/poi/v1")

        let sameTerms = try await cli.run(["api", "update", "poi", "--terms", terms, "--openapi", try Self.file(yaml, named: "poi.yaml")])
        #expect(try sameTerms.json()["terms_version"] as? String == "1")
        #expect(try sameTerms.json()["approval"] as? String == "manual")
        #expect(try sameTerms.json()["description"] as? String == "Points of interest")
        let newTerms = try await cli.run(["api", "update", "poi", "--terms", try Self.file("Use it fairly, and say so.\n", named: "terms.md")])
        #expect(try newTerms.json()["terms_version"] as? String == "2")
        let limitOnly = try await cli.run(["api", "update", "poi", "--rate-limit", "5/second"])
        #expect(try limitOnly.json()["terms_version"] as? String == "2")

        let shown = try await cli.run(["api", "show", "poi"])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(try shown.json()["terms_version"] as? String == "2")
        #expect(try shown.json()["has_openapi"] as? Bool == true)
        #expect(try shown.json()["rate_limit"] as? String == "5/second")
        let stored = try await withAdministration(Self.configuration(cli)) { platform in
            try await platform.provisioning.documentation(apiName: "poi")
        }
        #expect(stored.openAPI == yaml)
        #expect(stored.terms == "Use it fairly, and say so.\n")
        await cli.database.drop()
    }

    @Test(arguments: StoreDriver.available) func refusesAnInvalidDocumentOrFileSayingWhatIsWrong(driver: StoreDriver) async throws {
        let cli = try await AdminCommands(driver)
        _ = try await cli.run(["api", "create", "--name", "poi", "--base-path", "/poi/v1", "--upstream", "http://127.0.0.1:9"])
        let cases: [([String], String)] = [
            (["--openapi", try Self.file(#"{"swagger": "2.0", "paths": {}}"#, named: "swagger.json")], "Swagger 2.0"),
            (["--openapi", try Self.file("openapi: 3.1.0\ninfo: [unclosed\n", named: "broken.yaml")], "not valid YAML"),
            (["--openapi", try Self.file(#"{"openapi": "3.1.0""#, named: "broken.json")], "not valid JSON"),
            (["--openapi", "/nonexistent/poi.yaml"], "no such file"),
            (["--openapi", NSTemporaryDirectory()], "directory"),
            (["--terms", try Self.file("", named: "empty.md")], "terms of use"),
            (["--description", String(repeating: "a", count: 2001)], "2,000"),
            (["--approval", "sometimes"], "sometimes"),
        ]
        for (options, problem) in cases {
            let refused = try await cli.run(["api", "update", "poi"] + options)
            #expect(refused.status != 0, "\(options)")
            #expect(refused.stdout.isEmpty, "\(options)")
            #expect(refused.stderr.contains(problem), "\(options): \(refused.stderr)")
        }
        let unchanged = try await cli.run(["api", "show", "poi"])
        #expect(try unchanged.json()["has_openapi"] as? Bool == false)
        #expect(try unchanged.json()["approval"] as? String == "auto")
        #expect(try await cli.run(["api", "show", "nope"]).stderr.contains("API nope not found"))
        await cli.database.drop()
    }

    @Test(arguments: StoreDriver.available) func aPendingSubscriptionGetsNoTokenUntilAnOperatorApprovesIt(driver: StoreDriver) async throws {
        let cli = try await AdminCommands(driver)
        let configuration = Self.configuration(cli)
        _ = try await cli.run(["api", "create", "--name", "poi", "--base-path", "/poi/v1", "--upstream", "http://127.0.0.1:9"])
        _ = try await cli.run(["api", "update", "poi", "--approval", "manual", "--terms", try Self.file("Be fair.\n", named: "terms.md")])
        let created = try await cli.run(["app", "create", "--email", "dev@example.com", "--name", "Pending app"])
        let clientID = try #require(try created.json()["client_id"] as? String)
        let header = try #require(try created.json()["authorization_header"] as? String)
        // What the portal does when a developer subscribes to an API whose approval is manual.
        let requested = try await withAdministration(configuration) { platform in
            try await platform.store.requestSubscription(
                SubscriptionRequest(clientID: clientID, apiName: "poi", status: .pending, termsVersion: "1", acceptedBy: "dev@example.com"))
        }

        try await withPlatform(configuration) { (platform) async throws in
            let refused = try await platform.token(authorization: header)
            #expect(refused.status == .badRequest)
            #expect(try refused.json()["error"] as? String == OAuthError.notSubscribed.error.rawValue)

            let pending = try await cli.run(["subscription", "list", "--pending"])
            #expect(pending.status == 0, "\(pending.stderr)")
            let row = try #require(pending.stdout.split(separator: "\n").first { $0.hasPrefix(requested.id) })
            for cell in [clientID, "Pending app", "poi", "pending", "1"] { #expect(row.contains(cell), "\(row)") }
            #expect(pending.stdout.hasPrefix("ID"))

            let approved = try await cli.run(["subscription", "approve", requested.id])
            #expect(approved.status == 0, "\(approved.stderr)")
            #expect(try approved.json()["status"] as? String == "active")
            #expect(try await eventually(within: .seconds(15)) { try await platform.token(authorization: header).status == .ok })
        }
        let afterwards = try await cli.run(["subscription", "list", "--pending"])
        #expect(!afterwards.stdout.contains(requested.id))
        let again = try await cli.run(["subscription", "approve", requested.id])
        #expect(again.status != 0)
        #expect(!again.stderr.isEmpty)
        let activity = try await withAdministration(configuration) { platform in
            try await platform.store.auditTrail(AuditQuery(clientID: clientID, limit: 10))
        }
        #expect(activity.contains { $0.action == .subscriptionApproved && $0.actor.kind == .operator && $0.detail == "poi" })
        await cli.database.drop()
    }

    @Test(arguments: StoreDriver.available) func aRejectionKeepsItsReasonAndIsWrittenToTheActivity(driver: StoreDriver) async throws {
        let cli = try await AdminCommands(driver)
        let configuration = Self.configuration(cli)
        _ = try await cli.run(["api", "create", "--name", "poi", "--base-path", "/poi/v1", "--upstream", "http://127.0.0.1:9"])
        _ = try await cli.run(["api", "create", "--name", "sms", "--base-path", "/sms/v1", "--upstream", "http://127.0.0.1:9"])
        let created = try await cli.run(["app", "create", "--email", "dev@example.com", "--name", "Rejected app"])
        let clientID = try #require(try created.json()["client_id"] as? String)
        let (poi, sms) = try await withAdministration(configuration) { platform in
            func request(_ api: String) async throws -> Subscription {
                try await platform.store.requestSubscription(
                    SubscriptionRequest(clientID: clientID, apiName: api, status: .pending, termsVersion: nil, acceptedBy: "dev@example.com"))
            }
            return (try await request("poi"), try await request("sms"))
        }

        let tooLong = try await cli.run(["subscription", "reject", poi.id, "--reason", String(repeating: "a", count: 501)])
        #expect(tooLong.status != 0)
        #expect(tooLong.stderr.contains("500"))
        let rejected = try await cli.run(["subscription", "reject", poi.id, "--reason", "No production use case yet."])
        #expect(rejected.status == 0, "\(rejected.stderr)")
        #expect(try rejected.json()["status"] as? String == "rejected")
        #expect(try rejected.json()["reason"] as? String == "No production use case yet.")

        let poiOnly = try await cli.run(["subscription", "list", "--api", "poi"])
        let row = try #require(poiOnly.stdout.split(separator: "\n").first { $0.hasPrefix(poi.id) })
        #expect(row.contains("rejected") && row.contains("No production use case yet."), "\(row)")
        #expect(!poiOnly.stdout.contains(sms.id))
        let pending = try await cli.run(["subscription", "list", "--pending"])
        #expect(pending.stdout.contains(sms.id) && !pending.stdout.contains(poi.id))
        #expect(try await cli.run(["subscription", "reject", sms.id]).status == 0)
        #expect(try await cli.run(["subscription", "reject", "nope"]).stderr.contains("not found"))

        let activity = try await withAdministration(configuration) { platform in
            try await platform.store.auditTrail(AuditQuery(clientID: clientID, limit: 10))
        }
        let rejections = activity.filter { $0.action == .subscriptionRejected }
        #expect(rejections.allSatisfy { $0.actor.kind == .operator })
        #expect(Set(rejections.compactMap(\.detail)) == ["poi: No production use case yet.", "sms"])
        await cli.database.drop()
    }

    @Test(arguments: StoreDriver.available) func theOperatorsChangesToAnApplicationAreWrittenToItsActivity(driver: StoreDriver) async throws {
        let cli = try await AdminCommands(driver)
        _ = try await cli.run(["api", "create", "--name", "poi", "--base-path", "/poi/v1", "--upstream", "http://127.0.0.1:9"])
        let created = try await cli.run(["app", "create", "--email", "dev@example.com", "--name", "Watched app"])
        let clientID = try #require(try created.json()["client_id"] as? String)
        for command in [["subscribe", clientID, "poi"], ["suspend", clientID], ["resume", clientID], ["renew-secret", clientID],
            ["unsubscribe", clientID, "poi"]]
        {
            let result = try await cli.run(["app"] + command)
            #expect(result.status == 0, "\(command): \(result.stderr)")
        }
        let activity = try await withAdministration(Self.configuration(cli)) { platform in
            try await platform.store.auditTrail(AuditQuery(clientID: clientID, limit: 10))
        }
        #expect(activity.map(\.action) == [.unsubscribed, .secretRenewed, .resumed, .suspended, .subscribed, .created])
        #expect(activity.allSatisfy { $0.actor.kind == .operator && $0.actor.address == nil })
        #expect(activity.filter { [.subscribed, .unsubscribed].contains($0.action) }.map(\.detail) == ["poi", "poi"])
        await cli.database.drop()
    }
}

/// Issue 17, item 3: the operator's commands for partner and private APIs.
@Suite struct VisibilityCommandTests {
    @Test(arguments: StoreDriver.available) func anOperatorInvitesAPartnerByEMailAndMarksAClientSpaceInternal(driver: StoreDriver) async throws {
        let cli = try await AdminCommands(driver)
        _ = try await cli.run(["api", "create", "--name", "partner", "--base-path", "/partner/v1", "--upstream", "http://127.0.0.1:9"])
        let overview = try CatalogCommandTests.file("# For partners\n", named: "overview.md")
        let updated = try await cli.run(["api", "update", "partner", "--visibility", "partner", "--overview", overview])
        #expect(updated.status == 0, "\(updated.stderr)")
        #expect(try updated.json()["visibility"] as? String == "partner")

        let outbox = TemporaryDirectory().path + "/outbox"
        let mail = ["--mail-outbox", outbox, "--public-url", "https://developer.example.com"]
        let invited = try await cli.run(["api", "invite", "partner", "--email", "Ada@Example.com"] + mail)
        #expect(invited.status == 0, "\(invited.stderr)")
        #expect(try invited.json()["email"] as? String == "ada@example.com")
        let message = try #require(try Outbox(directory: outbox).messages(to: "ada@example.com").last)
        #expect(message.link == "https://developer.example.com/portal/apis/partner")
        #expect(message.headers["Subject"]?.contains("partner") == true)
        let shown = try await cli.run(["api", "show", "partner"])
        #expect(try shown.json()["invited"] as? [String] == ["ada@example.com"])

        let unknownAPI = try await cli.run(["api", "invite", "nothing", "--email", "ada@example.com"] + mail)
        #expect(unknownAPI.status != 0 && unknownAPI.stderr.contains("nothing"), "\(unknownAPI.stderr)")
        let badAddress = try await cli.run(["api", "invite", "partner", "--email", "not an address"] + mail)
        #expect(badAddress.status != 0 && badAddress.stderr.contains("not an e-mail address"), "\(badAddress.stderr)")
        let noURL = try await cli.run(["api", "invite", "partner", "--email", "ada@example.com", "--mail-outbox", outbox])
        #expect(noURL.status != 0 && noURL.stderr.contains("--public-url"), "\(noURL.stderr)")
        #expect(try Outbox(directory: outbox).messages().count == 1)

        let nobody = try await cli.run(["client-space", "set", "--email", "nobody@example.com", "--internal"])
        #expect(nobody.status != 0 && nobody.stderr.contains("has no client space"), "\(nobody.stderr)")
        _ = try await cli.run(["app", "create", "--email", "bob@example.com", "--name", "Tools"])
        let marked = try await cli.run(["client-space", "set", "--email", "Bob@example.com", "--internal"])
        #expect(marked.status == 0, "\(marked.stderr)")
        #expect(try marked.json()["internal"] as? Bool == true)
        let audience = try await withAdministration(CatalogCommandTests.configuration(cli)) { try await $0.store.audience(email: "bob@example.com") }
        #expect(audience.isInternal && audience.invitedAPIs.isEmpty)
        #expect(try await cli.run(["client-space", "set", "--email", "bob@example.com", "--no-internal"]).status == 0)
        await cli.database.drop()
    }
}
