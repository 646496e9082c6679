import Foundation
import HTTPTypes
import OAuthCore
import Platform
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

/// Issue 12, "Renew the secret": during the grace period chosen by the operator the old secret still gets tokens,
/// and the tokens obtained before the renewal keep working; at its end the old secret gets seed 002's
/// "out-of-date" answer and nothing obtained with it works any more, whatever its own expiry. The real server, on
/// a clock moved by hand.
@Suite struct SecretRenewalGraceTests {
    static let hour: TimeInterval = 3600

    /// A clock moved by hand from a whole second, which the stores keep exactly.
    static func manualClock() -> ManualClock {
        ManualClock(Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)))
    }

    /// `base` on `clock`, with access tokens that live 4 hours (longer than the grace: their own expiry is not what
    /// ends them) and no limit on the token rate.
    static func configuration(_ clock: ManualClock, from base: PlatformConfiguration = testConfiguration()) -> PlatformConfiguration {
        var configuration = base
        configuration.clock = clock.clock
        configuration.accessTokenLifetime = 4 * 3600
        configuration.tokenRequestsPerMinute = 0
        return configuration
    }

    /// Renews the secret as the portal or `app renew-secret --grace` does, on the platform's clock, and waits until
    /// the server has seen it (the new secret gets a token).
    static func renew(
        _ configuration: PlatformConfiguration, _ platform: RunningPlatform, clientID: String, grace: TimeInterval
    ) async throws -> ProvisionedApplication {
        let renewed = try await withAdministration(configuration) { try await $0.provisioning.renewSecret(clientID: clientID, grace: grace) }
        #expect(
            try await eventually(within: .seconds(15)) {
                try await platform.token(authorization: renewed.credentials.authorizationHeader()).status == .ok
            })
        return renewed
    }

    static func accessToken(_ answer: HTTPAnswer) throws -> String {
        try #require(try answer.json()["access_token"] as? String)
    }

    static func expiresIn(_ answer: HTTPAnswer) throws -> Int {
        try #require(try answer.json()["expires_in"] as? Int)
    }

    /// Seed 002's answer to the secret a renewal replaced.
    static func expectOutdated(_ answer: HTTPAnswer, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(answer.status == .unauthorized, sourceLocation: sourceLocation)
        #expect(try answer.json()["error_description"] as? String == OAuthError.outdatedCredentials.errorDescription, sourceLocation: sourceLocation)
    }

    @Test func duringTheGraceTheOldSecretGetsTokensThatStopWithItAsDoThoseObtainedBefore() async throws {
        let clock = Self.manualClock()
        try await TestUpstream.withUpstream { upstream in
            let fixture = try await GatewayTests.Fixture(upstream: upstream, clock: clock.clock)
            let configuration = Self.configuration(clock, from: fixture.configuration)
            let old = fixture.application.credentials
            try await withPlatform(configuration) { (platform) async throws in
                let before = try Self.accessToken(try await platform.token(authorization: old.authorizationHeader()))
                let renewed = try await Self.renew(configuration, platform, clientID: old.clientID, grace: Self.hour)
                #expect(renewed.application.credential.previousSecretValidUntil == clock.clock.now() + Self.hour)

                clock.advance(by: 1800)
                let during = try await platform.token(authorization: old.authorizationHeader())
                #expect(during.status == .ok)
                #expect(try Self.expiresIn(during) == 1800, "shortened from 4 hours to the time left in the grace")
                let duringToken = try Self.accessToken(during)
                let fresh = try await platform.token(authorization: renewed.credentials.authorizationHeader())
                #expect(try Self.expiresIn(fresh) == 4 * 3600)
                let freshToken = try Self.accessToken(fresh)
                for token in [before, duringToken, freshToken] {
                    #expect(try await GatewayTests.call(platform, "/echo/v1/x", token: token).status == .ok)
                }

                clock.advance(by: 1801)
                try Self.expectOutdated(try await platform.token(authorization: old.authorizationHeader()))
                // Both end with the grace, before their own expiry (4 hours for the one obtained before).
                for token in [before, duringToken] {
                    try CredentialGenerationTests.expectRefused(try await GatewayTests.call(platform, "/echo/v1/x", token: token))
                }
                #expect(try await GatewayTests.call(platform, "/echo/v1/x", token: freshToken).status == .ok)
                #expect(try await platform.token(authorization: renewed.credentials.authorizationHeader()).status == .ok)
            }
        }
    }

    /// 3-legged: a code exchanged, and refresh tokens used, with the old secret during the grace; a refresh token
    /// obtained with the old secret (before the renewal or during the grace) stops at the grace's end, unless the
    /// new secret exchanged it for one of the new generation during the grace.
    @Test func refreshTokensObtainedWithTheOldSecretStopAtTheEndOfTheGraceUnlessExchangedWithTheNewOne() async throws {
        let clock = Self.manualClock()
        let configuration = Self.configuration(clock)
        let fixture = try await provisionThreeLegged(configuration)
        let scope = "openid offline_access cloud"
        try await withPlatform(configuration) { (platform) async throws in
            let exchangedBefore = try await OpenIDTokenEndpointTests.exchange(
                platform, fixture, code: try await OpenIDTokenEndpointTests.code(platform, fixture, scope: scope))
            let refreshBefore = try #require(try exchangedBefore.json()["refresh_token"] as? String)

            var renewedFixture = fixture
            renewedFixture.application = try await Self.renew(configuration, platform, clientID: fixture.clientID, grace: Self.hour)
            clock.advance(by: 600)
            let code = try await OpenIDTokenEndpointTests.code(platform, fixture, scope: scope)
            let exchangedDuring = try await OpenIDTokenEndpointTests.exchange(platform, fixture, code: code)
            #expect(exchangedDuring.status == .ok)
            #expect(try Self.expiresIn(exchangedDuring) == 3000)
            let userToken = try Self.accessToken(exchangedDuring)
            let refreshDuring = try #require(try exchangedDuring.json()["refresh_token"] as? String)

            // During the grace both refresh tokens work, with either secret; what the old secret gets ends with the grace.
            let refreshedWithOld = try await OpenIDTokenEndpointTests.refresh(platform, fixture, token: refreshBefore)
            #expect(refreshedWithOld.status == .ok)
            #expect(try Self.expiresIn(refreshedWithOld) == 3000)
            #expect(try refreshedWithOld.json()["refresh_token"] == nil)
            // With the new secret, a refresh token of the old generation is exchanged for one of the new, which
            // outlives the grace: the user need not sign in again.
            let refreshedWithNew = try await OpenIDTokenEndpointTests.refresh(platform, renewedFixture, token: refreshDuring)
            #expect(refreshedWithNew.status == .ok)
            #expect(try Self.expiresIn(refreshedWithNew) == 4 * 3600)
            let successor = try #require(try refreshedWithNew.json()["refresh_token"] as? String)
            let refreshedAgain = try await OpenIDTokenEndpointTests.refresh(platform, renewedFixture, token: successor)
            #expect(refreshedAgain.status == .ok)
            #expect(try refreshedAgain.json()["refresh_token"] == nil, "already of the new generation")
            #expect(try await CredentialGenerationTests.callAPI(platform, userToken).status == .serviceUnavailable, "valid: the upstream is down")

            clock.advance(by: 3001)
            for refreshToken in [refreshBefore, refreshDuring] {
                let refused = try await OpenIDTokenEndpointTests.refresh(platform, renewedFixture, token: refreshToken)
                #expect(refused.status == .badRequest)
                #expect(try refused.json()["error"] as? String == "invalid_grant")
            }
            let outdated = try await OpenIDTokenEndpointTests.refresh(platform, fixture, token: refreshDuring)
            #expect(outdated.status == .unauthorized)
            #expect(try outdated.json()["error_description"] as? String == OAuthError.outdatedCredentials.withoutFinalPeriod.errorDescription)
            try CredentialGenerationTests.expectRefused(try await CredentialGenerationTests.callAPI(platform, userToken))
            try CredentialGenerationTests.expectRefused(try await CredentialGenerationTests.callAPI(platform, try Self.accessToken(refreshedWithOld)))
            let afterTheGrace = try await OpenIDTokenEndpointTests.refresh(platform, renewedFixture, token: successor)
            #expect(afterTheGrace.status == .ok)
            #expect(try await CredentialGenerationTests.callAPI(platform, try Self.accessToken(afterTheGrace)).status == .serviceUnavailable, "valid: the upstream is down")
        }
    }

    /// Grace 0, the default, as Orange: the old secret and its tokens stop at once.
    @Test func withoutAGraceTheOldSecretIsOutdatedAtOnce() async throws {
        let clock = Self.manualClock()
        let configuration = Self.configuration(clock)
        let app = try await provisionApplication(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let before = try Self.accessToken(try await platform.token(authorization: app.credentials.authorizationHeader()))
            let renewed = try await Self.renew(configuration, platform, clientID: app.credentials.clientID, grace: 0)
            #expect(renewed.application.credential.previousSecretValidUntil == nil)
            try Self.expectOutdated(try await platform.token(authorization: app.credentials.authorizationHeader()))
            try CredentialGenerationTests.expectRefused(try await CredentialGenerationTests.callAPI(platform, before))
        }
    }

    /// Only the secret just replaced has a grace: a second renewal during it forgets the oldest secret and its
    /// tokens; `revoke-tokens` ends the grace.
    @Test func aSecondRenewalDropsTheOldestSecretAndRevokingTheTokensEndsTheGrace() async throws {
        let clock = Self.manualClock()
        let configuration = Self.configuration(clock)
        let first = try await provisionApplication(configuration)
        let clientID = first.credentials.clientID
        try await withPlatform(configuration) { (platform) async throws in
            let firstToken = try Self.accessToken(try await platform.token(authorization: first.credentials.authorizationHeader()))
            let second = try await Self.renew(configuration, platform, clientID: clientID, grace: Self.hour)
            let secondToken = try Self.accessToken(try await platform.token(authorization: second.credentials.authorizationHeader()))
            #expect(try await CredentialGenerationTests.callAPI(platform, firstToken).status == .serviceUnavailable, "valid: the upstream is down")

            clock.advance(by: 600)
            let third = try await Self.renew(configuration, platform, clientID: clientID, grace: Self.hour)
            #expect(third.application.credential.previousSecretValidUntil == clock.clock.now() + Self.hour)
            let forgotten = try await platform.token(authorization: first.credentials.authorizationHeader())
            #expect(forgotten.status == .unauthorized)
            #expect(try forgotten.json()["error_description"] as? String == OAuthError.invalidCredentials.errorDescription)
            try CredentialGenerationTests.expectRefused(try await CredentialGenerationTests.callAPI(platform, firstToken))
            #expect(try await platform.token(authorization: second.credentials.authorizationHeader()).status == .ok)
            #expect(try await CredentialGenerationTests.callAPI(platform, secondToken).status == .serviceUnavailable, "valid: the upstream is down")

            let revoked = try await withAdministration(configuration) { try await $0.provisioning.revokeTokens(clientID: clientID) }
            #expect(revoked.credential.previousSecretValidUntil == nil)
            #expect(try await eventually(within: .seconds(15)) { try await CredentialGenerationTests.callAPI(platform, secondToken).status == .unauthorized })
            try Self.expectOutdated(try await platform.token(authorization: second.credentials.authorizationHeader()))
            #expect(try await platform.token(authorization: third.credentials.authorizationHeader()).status == .ok)
        }
    }

    @Test func theGraceIsBetweenZeroAndFortyEightHours() async throws {
        var configuration = testConfiguration()
        for grace in [0, 48 * Self.hour] {
            configuration.secretRenewalGrace = grace
            try configuration.validate()
        }
        for grace in [49 * Self.hour, -1] {
            configuration.secretRenewalGrace = grace
            #expect(throws: ConfigurationError.self) { try configuration.validate() }
        }
        let app = try await provisionApplication(configuration)
        let refused = try await withAdministration(configuration) { platform in
            await #expect(throws: InvalidInput.self) {
                try await platform.provisioning.renewSecret(clientID: app.credentials.clientID, grace: 49 * Self.hour)
            }
        }
        #expect(refused?.description == "a secret renewal's grace period is between 0 and 48h (172800 seconds)")
    }

    /// `serve --secret-renewal-grace` (and its variable) and `app renew-secret --grace`, as an operator types them.
    @Test func theCommandLineTakesTheGraceAndRefusesWhatIsOutOfBounds() async throws {
        // 48h is taken: the command goes on to refuse the port.
        let accepted = try await OrangerieProcess.run(["serve", "--secret-renewal-grace", "48h", "--port", "70000"])
        #expect(accepted.status != 0 && accepted.stderr.contains("the port must be between 0 and 65535"))
        let tooLong = try await OrangerieProcess.run(["serve", "--secret-renewal-grace", "49h"])
        #expect(tooLong.status != 0 && tooLong.stderr.contains("a grace period of 49h is longer than 48h"))
        let negative = try await OrangerieProcess.run(["serve", "--secret-renewal-grace", "-1"])
        #expect(negative.status != 0 && negative.stderr.contains("'-1' is not a grace period such as 0, 90s, 30m or 12h"))
        let variable = try await OrangerieProcess.run(["serve", "--port", "70000"], environment: ["ORANGERIE_SECRET_RENEWAL_GRACE": "49h"])
        #expect(variable.status != 0 && variable.stderr.contains("ORANGERIE_SECRET_RENEWAL_GRACE: a grace period of 49h is longer than 48h"))

        let configuration = testConfiguration()
        let app = try await provisionApplication(configuration)
        let database = configuration.database.argument
        let renewal = ["app", "renew-secret", app.credentials.clientID, "--database", database]
        let refused = try await OrangerieProcess.run(renewal + ["--grace", "49h"])
        #expect(refused.status != 0 && refused.stderr.contains("longer than 48h"))
        let withGrace = try await OrangerieProcess.run(renewal + ["--grace", "48h"])
        #expect(withGrace.status == 0)
        #expect(try withGrace.json()["previous_secret_valid_until"] != nil)
        let withoutGrace = try await OrangerieProcess.run(renewal + ["--grace", "0"])
        #expect(withoutGrace.status == 0)
        #expect(try withoutGrace.json()["previous_secret_valid_until"] == nil)
    }
}
