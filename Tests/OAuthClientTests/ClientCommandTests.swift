import Foundation
import Hummingbird
import OAuthClient
import OAuthCore
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

/// `orangerie token`, `call` and `doctor`, run as separate processes against the real server.
@Suite struct ClientCommandTests {
    static func environment(_ platform: RunningPlatform, _ app: ProvisionedApplication, cache: String) -> [String: String] {
        [
            "ORANGERIE_TOKEN_URL": platform.baseURL + "/oauth/v3/token",
            "ORANGERIE_AUTHORIZATION_HEADER": app.credentials.authorizationHeader(),
            "ORANGERIE_TOKEN_CACHE": cache,
        ]
    }

    @Test func runningTokenAHundredTimesMakesOneTokenRequest() async throws {
        try await CachingTokenSourceTests.withCountingPlatform { platform, app, tokenRequests in
            let environment = Self.environment(platform, app, cache: TemporaryDirectory().path + "/tokens.json")
            var tokens = Set<String>()
            for _ in 0..<100 {
                let run = try await OrangerieProcess.run(["token"], environment: environment)
                #expect(run.status == 0, "\(run.stderr)")
                tokens.insert(run.stdout)
            }
            #expect(tokens.count == 1)
            #expect(tokenRequests() == 1)
        }
    }

    @Test func processesStartedTogetherOnOneStoreMakeOneTokenRequest() async throws {
        try await CachingTokenSourceTests.withCountingPlatform { platform, app, tokenRequests in
            let environment = Self.environment(platform, app, cache: TemporaryDirectory().path + "/tokens.json")
            let processes = try (0..<4).map { _ in try OrangerieProcess(["token", "--json"], environment: environment) }
            var results: [OrangerieProcess.Result] = []
            for process in processes { results.append(await process.result()) }
            #expect(results.allSatisfy { $0.status == 0 })
            let tokens = try results.map { try JSONSerialization.jsonObject(with: Data($0.stdout.utf8)) as? [String: Any] }
            #expect(Set(tokens.map { $0?["access_token"] as? String }).count == 1)
            #expect(results[0].stdout.contains(#""token_type":"Bearer""#))
            #expect(tokenRequests() == 1)
        }
    }

    @Test func takesTheSecretFromStandardInputAndExplainsARefusal() async throws {
        try await CachingTokenSourceTests.withCountingPlatform { platform, app, _ in
            let arguments = ["token", "--token-url", platform.baseURL + "/oauth/v3/token", "--client-id", app.credentials.clientID, "--no-cache"]
            let good = try await OrangerieProcess.run(arguments, input: app.credentials.clientSecret + "\n")
            #expect(good.status == 0, "\(good.stderr)")
            let bad = try await OrangerieProcess.run(arguments, input: "wrong")
            #expect(bad.status == 78)
            #expect(bad.stdout.isEmpty)
            #expect(bad.stderr.contains("invalid_client: The requested service needs credentials, but the ones provided were invalid."))
            #expect(bad.stderr.split(separator: "\n").count == 1)
            #expect(!bad.stderr.contains(app.credentials.clientSecret))
        }
    }

    @Test func callAttachesTheTokenAndExplainsErrorsWithTheirRequestID() async throws {
        try await CachingTokenSourceTests.withCountingPlatform { platform, app, tokenRequests in
            try await withFakeServer({ router in
                router.get("/shops") { request, _ in
                    request.headers[.authorization]?.hasPrefix("Bearer ") == true
                        ? json(.ok, #"{"shops":[]}"#) : json(.unauthorized, #"{"code":40,"message":"Missing credentials"}"#)
                }
                router.get("/busy") { _, _ in
                    json(.forbidden, #"{"code":53,"message":"Too Many Requests","description":"x"}"#,
                        headers: [.retryAfter: "7", .init("X-OAPI-Request-Id")!: "req-42"])
                }
                router.get("/expired") { _, _ in json(.unauthorized, #"{"code":42,"message":"Expired credentials"}"#) }
            }) { baseURL in
                let environment = Self.environment(platform, app, cache: TemporaryDirectory().path + "/tokens.json")
                let ok = try await OrangerieProcess.run(["call", baseURL + "/shops"], environment: environment)
                #expect(ok.status == 0, "\(ok.stderr)")
                #expect(ok.stdout == #"{"shops":[]}"#)

                let busy = try await OrangerieProcess.run(["call", baseURL + "/busy"], environment: environment)
                #expect(busy.status == 75)
                #expect(busy.stderr.contains("code 53 Too Many Requests"))
                #expect(busy.stderr.contains("retry in 7 s (request id req-42)"))

                let expired = try await OrangerieProcess.run(["call", baseURL + "/expired", "-X", "GET", "-H", "X-Trace: 1"], environment: environment)
                #expect(expired.status == 77)
                #expect(tokenRequests() == 2, "one token, and one more for the replay")
            }
        }
    }

    @Test func doctorSaysWhatIsWrongInWords() async throws {
        try await CachingTokenSourceTests.withCountingPlatform { platform, app, _ in
            var environment = Self.environment(platform, app, cache: TemporaryDirectory().path + "/tokens.json")
            let healthy = try await OrangerieProcess.run(["doctor"], environment: environment)
            #expect(healthy.status == 0, "\(healthy.stdout)")
            for check in ["reachability", "clock", "Accept: the server requires Accept: application/json", "credentials: accepted"] {
                #expect(healthy.stdout.contains(check), "\(check)")
            }
            environment["ORANGERIE_AUTHORIZATION_HEADER"] = ClientCredentials(clientID: app.credentials.clientID, clientSecret: "old").authorizationHeader()
            let wrong = try await OrangerieProcess.run(["doctor"], environment: environment)
            #expect(wrong.status == 1)
            #expect(wrong.stdout.contains("FAIL  credentials: client_id \(app.credentials.clientID) and this secret are not accepted"))

            environment["ORANGERIE_TOKEN_URL"] = "http://api.example.com/oauth/v3/token"
            let insecure = try await OrangerieProcess.run(["doctor"], environment: environment)
            #expect(insecure.stdout.contains("FAIL  reachability: refusing http://api.example.com/oauth/v3/token"))
        }
    }

    @Test func everyClientCommandHasHelp() async throws {
        for command in ["token", "call", "doctor"] {
            let help = try await OrangerieProcess.run([command, "--help"])
            #expect(help.status == 0)
            #expect(help.stdout.contains("USAGE"))
        }
        let token = try await OrangerieProcess.run(["token", "--help"])
        #expect(token.stdout.contains("never an argument"))
    }
}
