import Foundation
import HTTPTypes
import Logging
import OAuthClient
import OAuthCore
import Platform
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

/// Token introspection (RFC 7662; issue 16, item 2), end to end: the real server on 127.0.0.1:0, asked by plain HTTP
/// and by the SDK's ``TokenIntrospector`` as a resource server would.
@Suite struct IntrospectionTests {
    static let oauthPath = "/oauth/v3/introspect"
    static let openIDPath = "/openidconnect/fr/v1/introspect"

    /// A resource server the operator allowed to introspect, beside the fixture's applications.
    static func resourceServer(_ configuration: PlatformConfiguration, mayIntrospect: Bool = true) async throws -> ClientCredentials {
        try await withAdministration(configuration) { platform in
            try await platform.provisioning.createApplication(
                email: "rs@example.com", name: "Resource server", mayIntrospect: mayIntrospect
            ).credentials
        }
    }

    static func introspect(
        _ platform: RunningPlatform, _ token: String, as client: ClientCredentials?, path: String = oauthPath, extra: String = ""
    ) async throws -> HTTPAnswer {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let client { headers[.authorization] = client.authorizationHeader() }
        return try await platform.request(.post, path, headers: headers, body: "token=" + FormEncoding.escape(token) + extra)
    }

    /// Whether the answer is exactly RFC 7662 §2.2's inactive one.
    static func isInactive(_ platform: RunningPlatform, _ token: String, _ client: ClientCredentials) async throws -> Bool {
        try await introspect(platform, token, as: client).body == #"{"active":false}"#
    }

    /// What most tests start from: the running platform, an application subscribed to `poi` with a live
    /// client-credentials token, and a resource server that the operator allowed to introspect, or not.
    struct Live: Sendable {
        var platform: RunningPlatform
        var configuration: PlatformConfiguration
        var application: ProvisionedApplication
        var resourceServer: ClientCredentials
        var token: String

        var parts: (RunningPlatform, PlatformConfiguration, ProvisionedApplication, ClientCredentials, String) {
            (platform, configuration, application, resourceServer, token)
        }
    }

    static func withLiveToken<Value: Sendable>(
        _ configuration: PlatformConfiguration = testConfiguration(), mayIntrospect: Bool = true,
        logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }), _ body: @Sendable (Live) async throws -> Value
    ) async throws -> Value {
        let application = try await provisionApplication(configuration)
        let resourceServer = try await resourceServer(configuration, mayIntrospect: mayIntrospect)
        return try await withPlatform(configuration, logger: logger) { platform in
            let token = try await clientCredentialsToken(platform, application)
            return try await body(
                Live(platform: platform, configuration: configuration, application: application, resourceServer: resourceServer, token: token))
        }
    }

    static func clientCredentialsToken(_ platform: RunningPlatform, _ application: ProvisionedApplication) async throws -> String {
        let answer = try await platform.token(authorization: application.credentials.authorizationHeader())
        return try #require(try answer.json()["access_token"] as? String)
    }

    static func introspector(
        _ platform: RunningPlatform, _ client: ClientCredentials, cacheLifetime: Duration = .zero, now: @escaping @Sendable () -> Date = Date.init
    ) -> TokenIntrospector {
        var configuration = TokenIntrospector.Configuration()
        configuration.cacheLifetime = cacheLifetime
        return TokenIntrospector(
            introspectionURL: URL(string: platform.baseURL + openIDPath)!, credentials: client, configuration: configuration, now: now)
    }

    @Test func aLiveClientCredentialsTokenIsActiveWithWhatItCarries() async throws {
        let before = Int(Date().timeIntervalSince1970)
        try await Self.withLiveToken { (live) async throws in
            let (platform, _, application, resourceServer, token) = live.parts
            let after = Int(Date().timeIntervalSince1970)
            for path in [Self.oauthPath, Self.openIDPath] {
                let answer = try await Self.introspect(platform, token, as: resourceServer, path: path, extra: "&token_type_hint=access_token")
                #expect(answer.status == .ok)
                #expect(answer.headers[.cacheControl] == "no-store")
                #expect(answer.headers[.contentType] == "application/json")
                let json = try answer.json()
                #expect(json["active"] as? Bool == true)
                #expect(json["client_id"] as? String == application.credentials.clientID)
                #expect(json["token_type"] as? String == "Bearer")
                #expect(json["aud"] as? [String] == ["poi"])
                #expect(json["sub"] == nil)
                let issuedAt = try #require(json["iat"] as? Int)
                #expect((before...after).contains(issuedAt))
                #expect(json["exp"] as? Int == issuedAt + 3600)
            }
            // The SDK reads the same answer, typed.
            let answer = try await Self.introspector(platform, resourceServer).introspect(token, hint: .accessToken)
            #expect(answer.isActive)
            #expect(answer.clientID == application.credentials.clientID)
            #expect(answer.audience == ["poi"])
            #expect(answer.tokenType == "Bearer")
        }
    }

    @Test func anUnknownTokenIsInactiveAndNothingMore() async throws {
        let configuration = testConfiguration()
        let resourceServer = try await Self.resourceServer(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            for token in ["not-a-token", String(repeating: "A", count: 43), "é ü &="] {
                let answer = try await Self.introspect(platform, token, as: resourceServer, extra: "&token_type_hint=refresh_token")
                #expect(answer.status == .ok)
                #expect(answer.body == #"{"active":false}"#)
            }
            #expect(try await Self.introspector(platform, resourceServer).introspect("unknown") == .inactive)
        }
    }

    @Test func anExpiredTokenIsInactive() async throws {
        let time = ManualClock(Date())
        var configuration = testConfiguration()
        configuration.clock = time.clock
        try await Self.withLiveToken(configuration) { (live) async throws in
            let (platform, _, _, resourceServer, token) = live.parts
            time.advance(by: 3599)
            #expect(try await Self.introspect(platform, token, as: resourceServer).json()["active"] as? Bool == true)
            time.advance(by: 1)
            #expect(try await Self.isInactive(platform, token, resourceServer))
        }
    }

    /// Revoked by the operator (`app revoke-tokens`), or of an application suspended, from another process.
    @Test(arguments: ["revoke-tokens", "suspend"]) func anOperatorsCommandMakesATokenInactive(command: String) async throws {
        try await Self.withLiveToken { (live) async throws in
            let (platform, configuration, application, resourceServer, token) = live.parts
            #expect(try await !Self.isInactive(platform, token, resourceServer))
            let run = try await OrangerieProcess.run(
                ["app", command, application.credentials.clientID, "--database", configuration.database.argument])
            #expect(run.status == 0)
            #expect(try await eventually(within: .seconds(15)) { try await Self.isInactive(platform, token, resourceServer) })
        }
    }

    @Test func aUsersTokensAreActiveUntilRevokedOrTheirConsentWithdrawn() async throws {
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        let resourceServer = try await Self.resourceServer(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let tokens = try await ConsentRevocationTests.signIn(platform, fixture)
            let access = try await Self.introspect(platform, tokens.accessToken, as: resourceServer, path: Self.openIDPath).json()
            #expect(access["active"] as? Bool == true)
            #expect(access["client_id"] as? String == fixture.clientID)
            #expect(access["scope"] as? String == "cloud offline_access openid profile")
            #expect(access["token_type"] as? String == "Bearer")
            let subject = try #require(access["sub"] as? String)
            // The refresh token is judged by the same rules, and is no Bearer access token.
            let refresh = try await Self.introspect(platform, tokens.refreshToken, as: resourceServer).json()
            #expect(refresh["active"] as? Bool == true)
            #expect(refresh["sub"] as? String == subject)
            #expect(refresh["token_type"] == nil)
            #expect(try #require(refresh["exp"] as? Int) > (access["exp"] as? Int ?? .max))

            // RFC 7009 revocation by the client revokes the whole family.
            let revoked = try await platform.request(
                .post, "/openidconnect/fr/v1/revoke",
                headers: [.authorization: fixture.basicAuthorization, .contentType: "application/x-www-form-urlencoded"],
                body: "token=" + tokens.accessToken)
            #expect(revoked.status == .ok)
            for token in [tokens.accessToken, tokens.refreshToken] {
                #expect(try await Self.isInactive(platform, token, resourceServer))
            }

            // A new sign-in's tokens, then the user's consent withdrawn by the operator, from another process.
            let again = try await ConsentRevocationTests.signIn(platform, fixture)
            #expect(try await Self.introspect(platform, again.accessToken, as: resourceServer).json()["active"] as? Bool == true)
            let withdraw = try await OrangerieProcess.run(
                ["consent", "revoke", "--username", fixture.username, "--client-id", fixture.clientID, "--database", configuration.database.argument])
            #expect(withdraw.status == 0)
            #expect(try await eventually(within: .seconds(15)) { try await Self.isInactive(platform, again.accessToken, resourceServer) })
            #expect(try await Self.isInactive(platform, again.refreshToken, resourceServer))
        }
    }

    @Test func onlyAnApplicationTheOperatorAllowedMayIntrospect() async throws {
        try await Self.withLiveToken(mayIntrospect: false) { (live) async throws in
            let (platform, configuration, application, resourceServer, token) = live.parts
            for (path, description) in [
                (Self.oauthPath, "The application is not allowed to introspect tokens."),
                (Self.openIDPath, "The application is not allowed to introspect tokens"),
            ] {
                let refused = try await Self.introspect(platform, token, as: resourceServer, path: path)
                #expect(refused.status == .forbidden)
                #expect(refused.headers[.cacheControl] == "no-store")
                let json = try refused.json()
                #expect(json["error"] as? String == "unauthorized_client")
                #expect(json["error_description"] as? String == description)
            }
            // The token's own application is no resource server either.
            #expect(try await Self.introspect(platform, token, as: application.credentials).status == .forbidden)
            await #expect(throws: OAuthClientError.tokenRequestRefused) {
                try await Self.introspector(platform, resourceServer).introspect(token)
            }

            let allow = try await OrangerieProcess.run(
                ["app", "introspection", resourceServer.clientID, "--allow", "--database", configuration.database.argument])
            #expect(allow.status == 0)
            #expect(allow.stdout.contains(#""may_introspect" : true"#))
            #expect(try await eventually(within: .seconds(15)) { try await Self.introspect(platform, token, as: resourceServer).status == .ok })
            let deny = try await OrangerieProcess.run(
                ["app", "introspection", resourceServer.clientID, "--deny", "--database", configuration.database.argument])
            #expect(deny.status == 0)
            #expect(try await eventually(within: .seconds(15)) { try await Self.introspect(platform, token, as: resourceServer).status == .forbidden })
        }
    }

    /// RFC 7662 §2.3: bad credentials get the token endpoint's 401, word for word.
    @Test func badClientAuthenticationIsRefusedAsAtTheTokenEndpoints() async throws {
        let configuration = testConfiguration()
        let resourceServer = try await Self.resourceServer(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let wrongSecret = ClientCredentials(clientID: resourceServer.clientID, clientSecret: "wrong")
            let unknown = ClientCredentials(clientID: "unknown", clientSecret: "wrong")
            for (path, tokenPath) in [(Self.oauthPath, "/oauth/v3/token"), (Self.openIDPath, "/openidconnect/fr/v1/token")] {
                for credentials in [wrongSecret, unknown, nil] {
                    let refused = try await Self.introspect(platform, "anything", as: credentials, path: path)
                    var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .accept: "application/json"]
                    if let credentials { headers[.authorization] = credentials.authorizationHeader() }
                    let tokenEndpoint = try await platform.request(
                        .post, tokenPath, headers: headers,
                        body: path == Self.oauthPath ? "grant_type=client_credentials" : "grant_type=refresh_token&refresh_token=x")
                    #expect(refused.status == .unauthorized)
                    #expect(refused.status == tokenEndpoint.status)
                    #expect(refused.body == tokenEndpoint.body)
                    #expect(refused.headers[.wwwAuthenticate] == tokenEndpoint.headers[.wwwAuthenticate])
                }
            }
        }
    }

    /// Neither the token asked about nor a secret reaches the log, whatever the answer (ARCHITECTURE.md).
    @Test func noTokenNorSecretReachesTheLog() async throws {
        let sink = LogSink()
        let (application, resourceServer, token) = try await Self.withLiveToken(logger: sink.logger(.text)) { (live) async throws in
            let (platform, _, application, resourceServer, token) = live.parts
            #expect(try await !Self.isInactive(platform, token, resourceServer))
            #expect(try await Self.introspect(platform, token, as: application.credentials).status == .forbidden)
            let wrong = ClientCredentials(clientID: resourceServer.clientID, clientSecret: "wrong-secret-4f1c")
            #expect(try await Self.introspect(platform, token, as: wrong).status == .unauthorized)
            return (application, resourceServer, token)
        }
        #expect(sink.text.contains("Introspection refused"))
        for secret in [token, application.credentials.clientSecret, resourceServer.clientSecret, "wrong-secret-4f1c"] {
            #expect(!sink.text.contains(secret))
        }
    }

    @Test func badInputIsA400NeverA500() async throws {
        let configuration = testConfiguration()
        let resourceServer = try await Self.resourceServer(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let form: HTTPFields = [.authorization: resourceServer.authorizationHeader(), .contentType: "application/x-www-form-urlencoded"]
            for body in ["", "token=", "token_type_hint=access_token", "token=a&token=b", "token=%zz"] {
                let answer = try await platform.request(.post, Self.oauthPath, headers: form, body: body)
                #expect(answer.status == .badRequest, "\(body)")
                #expect(try answer.json()["error"] as? String == "invalid_request", "\(body)")
            }
            let get = try await platform.request(.get, Self.openIDPath + "?token=x", headers: [.authorization: resourceServer.authorizationHeader()])
            #expect(get.status == .badRequest)
            #expect(get.headers[.allow] == "POST")
            #expect(try get.json()["error"] as? String == "invalid_request")
            var json = form
            json[.contentType] = "application/json"
            #expect(try await platform.request(.post, Self.oauthPath, headers: json, body: #"{"token":"x"}"#).status == .unsupportedMediaType)
        }
    }

    /// RFC 7662 §4: the SDK reuses an answer for its cache lifetime, never past the token's `exp`.
    @Test func theSDKCachesAnswersBriefly() async throws {
        try await Self.withLiveToken { (live) async throws in
            let (platform, configuration, application, resourceServer, token) = live.parts
            let time = ManualClock(Date())
            let introspector = Self.introspector(platform, resourceServer, cacheLifetime: .seconds(30), now: { time.clock.now() })
            #expect(try await introspector.introspect(token).isActive)
            _ = try await withAdministration(configuration) { admin in
                try await admin.provisioning.revokeTokens(clientID: application.credentials.clientID)
            }
            #expect(try await eventually(within: .seconds(15)) { try await Self.isInactive(platform, token, resourceServer) })
            // Still the cached answer, until the cache lifetime has passed.
            #expect(try await introspector.introspect(token).isActive)
            time.advance(by: 31)
            #expect(try await introspector.introspect(token) == .inactive)
        }
    }

    @Test func discoveryAdvertisesIntrospection() async throws {
        let configuration = testConfiguration()
        try await withPlatform(configuration) { (platform) async throws in
            let metadata = try await AuthorizationCodeFlow.discoverMetadata(issuer: URL(string: platform.baseURL + "/openidconnect/fr/v1")!)
            #expect(metadata.introspectionEndpoint == platform.baseURL + Self.openIDPath)
            #expect(metadata.introspectionEndpointAuthMethodsSupported == ["client_secret_basic", "client_secret_post"])
            let json = try await platform.request(.get, "/.well-known/oauth-authorization-server/openidconnect/fr/v1").json()
            #expect(json["introspection_endpoint"] as? String == platform.baseURL + Self.openIDPath)
        }
    }

    /// `scripts/authlib-introspection`: Authlib's client and its ResourceProtector with an IntrospectTokenValidator.
    static let authlibScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/authlib-introspection").path

    /// Runs `arguments` with python3 and `environment` added to this process's; its status and standard output.
    static func python(_ arguments: [String], environment: [String: String] = [:]) async throws -> (status: Int32, output: String) {
        let process = try ChildProcess(
            executable: "/usr/bin/env", arguments: ["python3"] + arguments,
            environment: ProcessInfo.processInfo.environment.merging(environment) { _, new in new })
        try process.standardInput.close()
        return await BlockingWork.run {
            let output = String(decoding: process.standardOutput.readDataToEndOfFile(), as: UTF8.self)
            _ = process.standardError.readDataToEndOfFile()
            return (process.waitForExit(), output)
        }
    }

    /// A real third-party resource server (issue 16, item 7): Authlib, which `.ci/run` installs; with `CI` set, its
    /// absence fails the test.
    @Test func authlibIntrospectsAndProtectsAResource() async throws {
        guard try await Self.python(["-c", "import authlib"]).status == 0 else {
            #expect(ProcessInfo.processInfo.environment["CI"] == nil, "needs Python's authlib (python3 -m pip install authlib)")
            return
        }
        try await Self.withLiveToken { (live) async throws in
            let (platform, _, _, resourceServer, token) = live.parts
            let run = try await Self.python(
                [Self.authlibScript, platform.baseURL + Self.openIDPath],
                environment: [
                    "CLIENT_ID": resourceServer.clientID, "CLIENT_SECRET": resourceServer.clientSecret, "LIVE_TOKEN": token,
                    "DEAD_TOKEN": "revoked-or-never-issued",
                ])
            #expect(run.status == 0, "\(run.output)")
            #expect(run.output.contains(#""protector_dead": "invalid_token""#))
        }
    }

    @Test func theCommandLineIntrospects() async throws {
        try await Self.withLiveToken { (live) async throws in
            let (platform, _, application, resourceServer, token) = live.parts
            let environment = [
                "ORANGERIE_TOKEN_URL": platform.baseURL + "/oauth/v3/token", "ORANGERIE_CLIENT_ID": resourceServer.clientID,
                "ORANGERIE_CLIENT_SECRET": resourceServer.clientSecret,
            ]
            let active = try await OrangerieProcess.run(["introspect"], environment: environment, input: token)
            #expect(active.status == 0)
            let json = try JSONSerialization.jsonObject(with: Data(active.stdout.utf8)) as? [String: Any]
            #expect(json?["active"] as? Bool == true)
            #expect(json?["client_id"] as? String == application.credentials.clientID)
            #expect(!active.stderr.contains(resourceServer.clientSecret))
            let inactive = try await OrangerieProcess.run(["introspect", "unknown", "--hint", "refresh_token"], environment: environment)
            #expect(inactive.status == 1)
            #expect(inactive.stdout.contains(#""active" : false"#))
            var denied = environment
            denied["ORANGERIE_CLIENT_ID"] = application.credentials.clientID
            denied["ORANGERIE_CLIENT_SECRET"] = application.credentials.clientSecret
            let refused = try await OrangerieProcess.run(["introspect", "--", token], environment: denied)
            #expect(refused.status == 78)
            #expect(refused.stderr.contains("unauthorized_client"))
        }
    }
}
