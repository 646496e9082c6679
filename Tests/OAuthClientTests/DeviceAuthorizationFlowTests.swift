import Foundation
import OAuthClient
import OAuthCore
import Platform
import PlatformServices
import PlatformStore
import PlatformTesting
import Synchronization
import Testing

/// The SDK's ``DeviceAuthorizationFlow`` and `orangerie login --device` against the real provider (issue 16, item 6):
/// a browser-playing client approves on the verification page while the device polls.
@Suite struct DeviceAuthorizationFlowTests {
    static func metadata(_ platform: RunningPlatform) async throws -> ProviderMetadata {
        try await AuthorizationCodeFlow.discoverMetadata(issuer: URL(string: platform.baseURL + "/openidconnect/fr/v1")!)
    }

    /// The platform on a hand-moved clock, with a three-legged fixture.
    static func withServer(
        _ body: @escaping @Sendable (RunningPlatform, ThreeLeggedFixture, PlatformTesting.ManualClock) async throws -> Void
    ) async throws {
        let serverClock = PlatformTesting.ManualClock(Date())
        var configuration = testConfiguration()
        configuration.clock = serverClock.clock
        let fixture = try await provisionThreeLegged(configuration)
        try await withPlatform(configuration) { (platform) async throws in try await body(platform, fixture, serverClock) }
    }

    /// The flow polls every 5 seconds, 5 more after a `slow_down`; the user approves during the third wait. The server
    /// runs on a hand-moved clock that the flow's waits move.
    @Test func theFlowPollsWithTheIntervalSlowsDownAndGetsVerifiedTokensForTheUserStore() async throws {
        try await Self.withServer { platform, fixture, serverClock in
            let metadata = try await Self.metadata(platform)
            let credentials = fixture.application.credentials
            let authorization = try await DeviceAuthorizationFlow(metadata: metadata, credentials: credentials)
                .start(scope: ["openid", "offline_access"])
            #expect(authorization.userCode.count == 9)
            let url = try #require(authorization.verificationURIComplete)
            let waits = Mutex<[Duration]>([])
            let flow = DeviceAuthorizationFlow(
                metadata: metadata, credentials: credentials, now: { serverClock.clock.now() },
                sleep: { duration in
                    let count = waits.withLock { $0.append(duration); return $0.count }
                    // The second wait is cut short: the provider answers slow_down.
                    serverClock.advance(by: count == 2 ? 1 : TimeInterval(duration.components.seconds))
                    if count == 3 {
                        _ = try await Browser(platform).decideDevice(at: url, username: fixture.username, password: fixture.password)
                    }
                })
            let signIn = try await flow.waitForApproval(authorization)
            #expect(waits.withLock { $0 } == [.seconds(5), .seconds(5), .seconds(10)])
            #expect(signIn.idToken?.subject.isEmpty == false)
            #expect(signIn.grantedScope == ["openid", "offline_access"])
            #expect(signIn.tokens.refreshToken != nil)
            #expect(flow.storeKey == AuthorizationCodeFlow.storeKey(issuer: metadata.issuer, clientID: fixture.clientID))
        }
    }

    @Test func aRefusalIsAccessDeniedAndAnExpiryDeviceCodeExpired() async throws {
        try await Self.withServer { platform, fixture, serverClock in
            let flow = DeviceAuthorizationFlow(
                metadata: try await Self.metadata(platform), credentials: fixture.application.credentials,
                now: { serverClock.clock.now() }, sleep: { serverClock.advance(by: TimeInterval($0.components.seconds)) })
            let refused = try await flow.start(scope: ["openid"])
            _ = try await Browser(platform).decideDevice(
                at: try #require(refused.verificationURIComplete), username: fixture.username, password: fixture.password, decision: "deny")
            await #expect(throws: OAuthClientError.accessDenied) { try await flow.waitForApproval(refused) }

            let forgotten = try await flow.start(scope: ["openid"])
            // Nobody approves: the flow stops when the provider says expired_token, after 600 s of polls.
            await #expect(throws: OAuthClientError.deviceCodeExpired) { try await flow.waitForApproval(forgotten) }
        }
    }

    /// `orangerie login --device` prints the code and the URLs, polls, and keeps the tokens where `userinfo` finds them;
    /// with `--dpop`, DPoP tokens and their key, which `userinfo` proves (RFC 9449).
    @Test(arguments: [false, true]) func loginDevicePrintsTheCodeAndKeepsTheTokens(dpop: Bool) async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        let cache = TemporaryDirectory().path + "/tokens.json"
        try await withPlatform(configuration) { (platform) async throws in
            let environment = [
                "ORANGERIE_ISSUER": platform.baseURL + "/openidconnect/fr/v1",
                "ORANGERIE_AUTHORIZATION_HEADER": fixture.basicAuthorization, "ORANGERIE_TOKEN_CACHE": cache,
            ]
            let login = try OrangerieProcess(
                ["login", "--device", "--scope", "openid profile"] + (dpop ? ["--dpop"] : []), environment: environment)
            let line = try #require(await login.standardErrorLine(containing: "(or open "))
            let url = try #require(line.split(separator: " ").first { $0.hasPrefix("http") }.map { String($0.dropLast()) })
            #expect(url.hasPrefix(platform.baseURL + "/openidconnect/fr/v1/device?user_code="))
            let decided = try await Browser(platform).decideDevice(at: url, username: fixture.username, password: fixture.password)
            #expect(decided.body.contains("Device connected"))
            let result = await login.result()
            #expect(result.status == 0, "\(result.stderr)")
            let summary = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(summary["scope"] as? String == "openid profile")
            let userinfo = try await OrangerieProcess.run(["userinfo"], environment: environment)
            #expect(userinfo.status == 0, "\(userinfo.stderr)")
            #expect(userinfo.stdout.contains("Alice Martin"))
            let token = try await OrangerieProcess.run(["token", "--user", "--json"], environment: environment)
            #expect(token.stdout.contains(dpop ? #""token_type":"DPoP""# : #""token_type":"Bearer""#), "\(token.stderr)")
        }
    }
}
