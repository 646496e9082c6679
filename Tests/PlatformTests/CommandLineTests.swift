import Foundation
import HTTPTypes
import OAuthCore
import Platform
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

/// The administrative commands against a fresh database of `driver`: every one works on PostgreSQL too.
struct AdminCommands {
    let database: TestDatabase
    /// Where the commands' e-mail goes unless they say otherwise (issue 13, item 5: the developer is told).
    let outbox = Outbox(directory: TemporaryDirectory().path + "/outbox")

    init(_ driver: StoreDriver) async throws {
        database = try await driver.makeDatabase()
    }

    /// `orangerie ARGUMENTS --database …`, with the master key that a PostgreSQL database needs and mail to ``outbox``.
    func run(_ arguments: [String], input: String = "") async throws -> OrangerieProcess.Result {
        try await OrangerieProcess.run(
            arguments + ["--database", database.location],
            environment: ["ORANGERIE_MASTER_KEY": SeveralInstancesTests.masterKeyBase64, "ORANGERIE_MAIL_OUTBOX": outbox.directory],
            input: input)
    }
}

/// The `orangerie` executable, run as a separate process like an administrator would.
@Suite struct CommandLineTests {
    @Test(arguments: StoreDriver.available) func createsAnApplicationAndPrintsItsCredentialsAsJSON(driver: StoreDriver) async throws {
        let cli = try await AdminCommands(driver)
        let api = try await cli.run(["api", "create", "--name", "poi", "--base-path", "/poi/v1", "--upstream", "http://127.0.0.1:9"])
        #expect(api.status == 0)
        #expect(try api.json()["base_path"] as? String == "/poi/v1")

        let created = try await cli.run([
            "app", "create", "--email", "Dev@Example.com", "--name", "My app",
            "--redirect-uri", "https://www.myserver.com/cb", "--subscribe", "poi",
        ])
        #expect(created.status == 0)
        let json = try created.json()
        let clientID = try #require(json["client_id"] as? String)
        let secret = try #require(json["client_secret"] as? String)
        #expect(json["authorization_header"] as? String == ClientCredentials(clientID: clientID, clientSecret: secret).authorizationHeader())
        #expect(json["email"] as? String == "dev@example.com")
        #expect(json["subscriptions"] as? [String] == ["poi"])
        #expect(json["redirect_uris"] as? [String] == ["https://www.myserver.com/cb"])
        #expect(json["status"] as? String == "active")

        let listed = try await cli.run(["app", "list"])
        #expect(listed.status == 0)
        #expect(listed.stdout.contains(clientID))
        #expect(!listed.stdout.contains(secret))

        let redirects = try await cli.run([
            "app", "redirect-uris", clientID, "--redirect-uri", "http://127.0.0.1/callback", "--redirect-uri",
            "https://www.myserver.com/cb2",
        ])
        #expect(Set(try redirects.json()["redirect_uris"] as? [String] ?? []) == ["http://127.0.0.1/callback", "https://www.myserver.com/cb2"])
        let unsafe = try await cli.run(["app", "redirect-uris", clientID, "--redirect-uri", "http://evil.example/cb"])
        #expect(unsafe.status != 0)
        #expect(unsafe.stderr.contains("loopback"))

        // Issue 16, item 1: what the application registers for sign-out.
        let logout = try await cli.run([
            "app", "logout-uris", clientID, "--post-logout-redirect-uri", "https://www.myserver.com/bye",
            "--backchannel-logout-uri", "https://www.myserver.com/backchannel",
        ])
        #expect(try logout.json()["post_logout_redirect_uris"] as? [String] == ["https://www.myserver.com/bye"])
        #expect(try logout.json()["backchannel_logout_uri"] as? String == "https://www.myserver.com/backchannel")
        let privateScheme = try await cli.run(["app", "logout-uris", clientID, "--backchannel-logout-uri", "com.example.app:/logout"])
        #expect(privateScheme.status != 0, "the provider posts to http(s) only")
        let withLogout = try await cli.run([
            "app", "create", "--email", "dev@example.com", "--name", "Signs out", "--post-logout-redirect-uri", "http://127.0.0.1/bye",
        ])
        #expect(try withLogout.json()["post_logout_redirect_uris"] as? [String] == ["http://127.0.0.1/bye"])
        let unsafeCreate = try await cli.run([
            "app", "create", "--email", "dev@example.com", "--name", "Unsafe", "--backchannel-logout-uri", "http://evil.example/logout",
        ])
        #expect(unsafeCreate.status != 0)
        #expect(!(try await cli.run(["app", "list"]).stdout.contains("Unsafe")), "checked before the application is made")

        let renewed = try await cli.run(["app", "renew-secret", clientID])
        let newSecret = try #require(try renewed.json()["client_secret"] as? String)
        #expect(newSecret != secret)
        await cli.database.drop()
    }

    @Test(arguments: StoreDriver.available) func reportsErrorsOnStandardErrorWithAFailureStatus(driver: StoreDriver) async throws {
        let cli = try await AdminCommands(driver)
        let unknownAPI = try await cli.run(["app", "create", "--email", "a@example.com", "--name", "x", "--subscribe", "nope"])
        #expect(unknownAPI.status != 0)
        #expect(unknownAPI.stdout.isEmpty)
        #expect(unknownAPI.stderr.contains("API nope not found"))

        let badPath = try await cli.run(["api", "create", "--name", "x", "--base-path", "/oauth/v3", "--upstream", "http://127.0.0.1:9"])
        #expect(badPath.status != 0)
        #expect(badPath.stderr.contains("shadow"))

        let unknownApp = try await cli.run(["app", "suspend", "nobody"])
        #expect(unknownApp.status != 0)
        #expect(unknownApp.stderr.contains("not found"))
        await cli.database.drop()
    }

    @Test(arguments: StoreDriver.available) func setsLimitsOnAPIsAndSubscriptions(driver: StoreDriver) async throws {
        let cli = try await AdminCommands(driver)
        let created = try await cli.run([
            "api", "create", "--name", "poi", "--base-path", "/poi/v1", "--upstream", "http://127.0.0.1:9",
            "--rate-limit", "10/second", "--quota", "1000/month", "--scope", "poi:read", "--scope", "poi:write",
        ])
        #expect(try created.json()["scopes"] as? [String] == ["poi:read", "poi:write"])
        #expect(try created.json()["rate_limit"] as? String == "10/second")
        #expect(try created.json()["quota"] as? String == "1000/month")
        #expect(try created.json()["limit_status"] as? Int == 403)
        #expect(try created.json()["limit_fallback"] as? String == "closed")

        let updated = try await cli.run(["api", "update", "poi", "--rate-limit", "none", "--status", "deprecated", "--limit-status", "429", "--scope", "poi"])
        #expect(try updated.json()["scopes"] as? [String] == ["poi"])
        #expect(try updated.json()["rate_limit"] == nil)
        #expect(try updated.json()["quota"] as? String == "1000/month")
        #expect(try updated.json()["status"] as? String == "deprecated")
        #expect(try updated.json()["limit_status"] as? Int == 429)
        #expect(try updated.json()["limit_fallback"] as? String == "closed")
        let opened = try await cli.run(["api", "update", "poi", "--limit-fallback", "open"])
        #expect(try opened.json()["limit_fallback"] as? String == "open")
        #expect(try opened.json()["limit_status"] as? Int == 429)

        for bad in [["--rate-limit", "10/day"], ["--quota", "5/second"], ["--status", "gone"], ["--limit-status", "500"], ["--quota", "many"], ["--scope", "openid"], ["--limit-fallback", "maybe"]] {
            let refused = try await cli.run(["api", "update", "poi"] + bad)
            #expect(refused.status != 0, "\(bad)")
            #expect(!refused.stderr.isEmpty)
        }

        let app = try await cli.run(["app", "create", "--email", "a@example.com", "--name", "a"])
        let clientID = try #require(try app.json()["client_id"] as? String)
        let subscribed = try await cli.run(["app", "subscribe", clientID, "poi", "--rate-limit", "5/minute"])
        let overrides = try subscribed.json()["limit_overrides"] as? [String: [String: String]]
        #expect(overrides == ["poi": ["rate_limit": "5/minute"]])
        #expect(try await cli.run(["app", "revoke-tokens", clientID]).status == 0)
        await cli.database.drop()
    }

    @Test(arguments: StoreDriver.available) func createsEndUsersWithAPasswordFromStandardInput(driver: StoreDriver) async throws {
        let cli = try await AdminCommands(driver)
        let created = try await cli.run(
            ["user", "create", "--username", "alice", "--email", "alice@example.com", "--name", "Alice Martin",
             "--given-name", "Alice", "--family-name", "Martin", "--phone-number", "+33612345678", "--address", "1 rue du Pré Botté, Rennes"],
            input: "correct horse battery\n")
        #expect(created.status == 0, "\(created.stderr)")
        let json = try created.json()
        #expect(json["username"] as? String == "alice")
        #expect((json["claims"] as? [String: String])?["given_name"] == "Alice")
        #expect(!created.stdout.contains("correct horse") && !created.stdout.contains("$2"))

        let short = try await cli.run(["user", "create", "--username", "bob"], input: "short\n")
        #expect(short.status != 0)
        #expect(short.stderr.contains("at least 8 characters"))
        #expect(try await cli.run(["user", "create", "--username", "ALICE"], input: "long enough").status != 0)

        #expect(try await cli.run(["user", "lock", "--username", "alice"]).json()["locked"] as? Bool == true)
        #expect(try await cli.run(["user", "unlock", "--username", "alice"]).json()["locked"] as? Bool == false)
        let listed = try await cli.run(["user", "list"])
        #expect(listed.stdout.contains("alice") && !listed.stdout.contains("$2"))
        #expect(try await cli.run(["consent", "list", "--username", "alice"]).status == 0)
        let rotated = try await cli.run(["keys", "rotate"])
        #expect(rotated.status == 0, "\(rotated.stderr)")
        #expect(try await cli.run(["keys", "list"]).stdout.contains(try #require(try rotated.json()["kid"] as? String)))
        await cli.database.drop()
    }

    @Test func aPostgreSQLDatabaseThatCannotBeUsedStopsTheCommandAtOnceWithAClearMessage() async throws {
        let database = ["--database", "postgres://orangerie:s3cret@127.0.0.1:1/platform"]
        let started = ContinuousClock.now
        let unreachable = try await OrangerieProcess.run(["serve", "--port", "0"] + database, environment: ["ORANGERIE_MASTER_KEY": SeveralInstancesTests.masterKeyBase64])
        #expect(unreachable.status != 0)
        #expect(unreachable.stderr.contains("cannot reach PostgreSQL at 127.0.0.1:1"), "\(unreachable.stderr)")
        #expect(ContinuousClock.now - started < .seconds(10))
        let keyless = try await OrangerieProcess.run(["app", "list"] + database)
        #expect(keyless.status != 0)
        #expect(keyless.stderr.contains("ORANGERIE_MASTER_KEY"))
        #expect(!(unreachable.stderr + keyless.stderr).contains("s3cret"))
    }

    @Test func everyCommandHasHelp() async throws {
        for command in [[], ["serve"], ["api"], ["api", "create"], ["api", "update"], ["api", "show"], ["api", "list"], ["api", "invite"], ["client-space"], ["client-space", "set"], ["app"],
            ["app", "create"], ["app", "list"], ["app", "redirect-uris"], ["app", "logout-uris"], ["app", "subscribe"], ["app", "unsubscribe"], ["app", "suspend"],
            ["app", "resume"], ["app", "renew-secret"], ["app", "revoke-tokens"], ["subscription"], ["subscription", "list"],
            ["subscription", "approve"], ["subscription", "reject"], ["user"], ["user", "create"], ["user", "list"], ["user", "lock"],
            ["user", "unlock"], ["consent"], ["consent", "list"], ["consent", "revoke"], ["keys"], ["keys", "rotate"],
            ["keys", "list"], ["login"], ["userinfo"], ["logout"]]
        {
            let help = try await OrangerieProcess.run(command + ["--help"])
            #expect(help.status == 0, "\(command)")
            #expect(help.stdout.contains("USAGE"), "\(command)")
        }
    }

    @Test func aRunningServerSeesChangesMadeByAnotherProcessWithinSeconds() async throws {
        let configuration = testConfiguration()
        let app = try await provisionApplication(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            #expect(try await platform.token(authorization: app.credentials.authorizationHeader()).status == .ok)

            let suspend = try await OrangerieProcess.run(["app", "suspend", app.credentials.clientID, "--database", configuration.database.argument])
            #expect(suspend.status == 0)
            #expect(try await eventually(within: .seconds(15)) {
                try await platform.token(authorization: app.credentials.authorizationHeader()).status == .unauthorized
            })

            _ = try await OrangerieProcess.run(["app", "resume", app.credentials.clientID, "--database", configuration.database.argument])
            let renewed = try await OrangerieProcess.run(["app", "renew-secret", app.credentials.clientID, "--database", configuration.database.argument])
            let header = try #require(try renewed.json()["authorization_header"] as? String)
            #expect(try await eventually(within: .seconds(15)) {
                try await platform.token(authorization: header).status == .ok
            })
            #expect(try await platform.token(authorization: app.credentials.authorizationHeader()).status == .unauthorized)

            _ = try await OrangerieProcess.run(["app", "unsubscribe", app.credentials.clientID, "poi", "--database", configuration.database.argument])
            #expect(try await eventually(within: .seconds(15)) {
                try await platform.token(authorization: header).status == .badRequest
            })
        }
    }
}

extension OrangerieProcess.Result {
    /// Standard output as the JSON object the commands print.
    func json() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any] ?? [:]
    }
}
