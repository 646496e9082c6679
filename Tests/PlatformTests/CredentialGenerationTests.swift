import Foundation
import HTTPTypes
import OAuthCore
import Platform
import PlatformServices
import PlatformStore
import PlatformTesting
import Synchronization
import Testing

/// Revocation by generation, not by clock (ARCHITECTURE.md): a token carries the generation of the credentials
/// that obtained it, and `renew-secret` or `revoke-tokens` bumps it, so that no token obtained with the old
/// secret survives, whichever instance issued it and whatever its feed lag.
@Suite struct CredentialGenerationTests {
    static func callAPI(_ platform: RunningPlatform, _ token: String) async throws -> HTTPAnswer {
        try await platform.request(.get, "/poi/v1/shops", headers: [.authorization: "Bearer " + token])
    }

    /// The gateway's answer to a revoked token: 401, code 41.
    static func expectRefused(_ answer: HTTPAnswer, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(answer.status == .unauthorized, sourceLocation: sourceLocation)
        #expect(try answer.json()["code"] as? Int == 41, sourceLocation: sourceLocation)
    }

    @Test func everyTokenObtainedWithTheOldSecretDiesOnceTheRenewalIsSeen() async throws {
        var configuration = testConfiguration()
        configuration.changeFeedInterval = .seconds(1)
        configuration.tokenRequestsPerMinute = 0
        let app = try await provisionApplication(configuration)
        let database = configuration.database.argument
        try await withPlatform(configuration) { (platform) async throws in
            let obtained = Mutex<[String]>([])
            // Token requests with the old secret, until this instance sees the renewal.
            async let loop: Void = {
                while true {
                    let answer = try await platform.token(authorization: app.credentials.authorizationHeader())
                    if answer.status != .ok {
                        #expect(try answer.json()["error_description"] as? String == OAuthError.outdatedCredentials.errorDescription)
                        return
                    }
                    let token = try #require(try answer.json()["access_token"] as? String)
                    obtained.withLock { $0.append(token) }
                }
            }()
            // Renewed once the loop has a token: on a loaded machine its first answer may come after the renewal.
            #expect(try await eventually(within: .seconds(15)) { !obtained.withLock { $0.isEmpty } })
            let renewal = try await OrangerieProcess.run(
                ["app", "renew-secret", app.credentials.clientID, "--database", database])
            #expect(renewal.status == 0)
            try await loop
            let tokens = obtained.withLock { $0 }
            #expect(!tokens.isEmpty)
            for token in tokens {
                try Self.expectRefused(try await Self.callAPI(platform, token))
            }
        }
    }

    /// Two instances on one database: the lagging one reads the change feed once an hour, the current one every
    /// 200 ms.
    static func withLaggingAndCurrentInstances(
        on database: String, _ body: @Sendable (_ lagging: RunningPlatform, _ current: RunningPlatform) async throws -> Void
    ) async throws {
        var lagging = testConfiguration(database: database)
        lagging.changeFeedInterval = .seconds(3600)
        try await withPlatform(lagging) { (laggingPlatform) async throws in
            try await withPlatform(testConfiguration(database: database)) { (currentPlatform) async throws in
                try await body(laggingPlatform, currentPlatform)
            }
        }
    }

    /// Two instances on one database: one has not read the change feed since the renewal (its poll is an hour
    /// away), so it still takes the old secret; the other has. What the first issues in that window, 2-legged or
    /// 3-legged, is refused by the second.
    @Test func whatALaggingInstanceIssuesWithTheOldSecretIsRefusedWhereTheRenewalIsSeen() async throws {
        let configuration = testConfiguration()
        let database = configuration.database.argument
        let fixture = try await provisionThreeLegged(configuration)
        try await Self.withLaggingAndCurrentInstances(on: database) { laggingPlatform, currentPlatform in
            let code = try await OpenIDTokenEndpointTests.code(laggingPlatform, fixture, scope: "openid offline_access cloud")
            let renewal = try await OrangerieProcess.run(
                ["app", "renew-secret", fixture.clientID, "--database", database])
            let newSecret = try #require(try renewal.json()["client_secret"] as? String)
            let renewed = ClientCredentials(clientID: fixture.clientID, clientSecret: newSecret)
            #expect(
                try await eventually(within: .seconds(15)) {
                    try await currentPlatform.token(authorization: renewed.authorizationHeader()).status == .ok
                })

            // The lagging instance still takes the old secret: the window, made certain.
            let late = try await laggingPlatform.token(authorization: fixture.basicAuthorization)
            #expect(late.status == .ok)
            let lateToken = try #require(try late.json()["access_token"] as? String)
            let exchanged = try await OpenIDTokenEndpointTests.exchange(laggingPlatform, fixture, code: code)
            #expect(exchanged.status == .ok)
            let userToken = try #require(try exchanged.json()["access_token"] as? String)
            let refreshToken = try #require(try exchanged.json()["refresh_token"] as? String)

            try Self.expectRefused(try await Self.callAPI(currentPlatform, lateToken))
            try Self.expectRefused(try await Self.callAPI(currentPlatform, userToken))
            let refreshed = try await currentPlatform.request(
                .post, OAuthTestPaths.token, headers: [.authorization: renewed.authorizationHeader()],
                body: "grant_type=refresh_token&refresh_token=\(refreshToken)")
            #expect(refreshed.status == .badRequest)
            #expect(try refreshed.json()["error"] as? String == "invalid_grant")

            // A token obtained with the new secret works.
            let fresh = try await currentPlatform.token(authorization: renewed.authorizationHeader()).json()["access_token"] as? String
            #expect(try await Self.callAPI(currentPlatform, try #require(fresh)).status == .serviceUnavailable, "valid: the upstream is down")
        }
    }

    @Test func whatALaggingInstanceIssuesAfterRevokeTokensIsRefusedWhereTheRevocationIsSeen() async throws {
        let configuration = testConfiguration()
        let database = configuration.database.argument
        let app = try await provisionApplication(configuration)
        try await Self.withLaggingAndCurrentInstances(on: database) { laggingPlatform, currentPlatform in
            let before = try #require(
                try await currentPlatform.token(authorization: app.credentials.authorizationHeader()).json()["access_token"] as? String)
            let revocation = try await OrangerieProcess.run(
                ["app", "revoke-tokens", app.credentials.clientID, "--database", database])
            #expect(revocation.status == 0)
            #expect(try await eventually(within: .seconds(15)) { try await Self.callAPI(currentPlatform, before).status == .unauthorized })

            let late = try await laggingPlatform.token(authorization: app.credentials.authorizationHeader())
            let lateToken = try #require(try late.json()["access_token"] as? String)
            try Self.expectRefused(try await Self.callAPI(currentPlatform, lateToken))

            let after = try #require(
                try await currentPlatform.token(authorization: app.credentials.authorizationHeader()).json()["access_token"] as? String)
            #expect(try await Self.callAPI(currentPlatform, after).status == .serviceUnavailable, "valid: the upstream is down")
        }
    }
}
