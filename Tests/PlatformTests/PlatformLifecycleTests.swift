import Foundation
import HTTPTypes
import Logging
import OAuthCore
import Platform
import PlatformServices
import PlatformStore
import PlatformTesting
import Synchronization
import Testing

@Suite struct PlatformLifecycleTests {
    @Test func issuedTokensAndApplicationsSurviveARestart() async throws {
        let configuration = testConfiguration()
        let app = try await provisionApplication(configuration)
        let first = try await withPlatform(configuration) { (platform) async throws in
            try #require(try await platform.token(authorization: app.credentials.authorizationHeader()).json()["access_token"] as? String)
        }
        let second = try await withPlatform(configuration) { (platform) async throws in
            try #require(try await platform.token(authorization: app.credentials.authorizationHeader()).json()["access_token"] as? String)
        }
        #expect(first != second)
        let store = try Platform(databasePath: configuration.databasePath, masterKey: nil).store
        #expect(try await store.token(digest: TokenDigest(of: first)) != nil)
        #expect(try await store.token(digest: TokenDigest(of: second)) != nil)
    }

    @Test func theMasterKeyFileIsPrivateAndReused() async throws {
        let configuration = testConfiguration()
        let app = try await provisionApplication(configuration)
        let attributes = try FileManager.default.attributesOfItem(atPath: configuration.databasePath + ".key")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let reopened = try Platform(databasePath: configuration.databasePath, masterKey: nil).provisioning
        #expect(try reopened.credentials(of: app.application) == app.credentials)
    }

    @Test func aMasterKeyFromTheEnvironmentIsUsedInstead() async throws {
        var configuration = testConfiguration()
        configuration.masterKey = Data(repeating: 7, count: 32).base64EncodedString()
        let app = try await provisionApplication(configuration)
        #expect(!FileManager.default.fileExists(atPath: configuration.databasePath + ".key"))
        let status = try await withPlatform(configuration) { (platform) async throws in
            try await platform.token(authorization: app.credentials.authorizationHeader()).status
        }
        #expect(status == .ok)
        #expect(throws: (any Error).self) { try Platform(databasePath: configuration.databasePath, masterKey: "c2hvcnQ=") }
    }

    @Test func answersHealthChecks() async throws {
        let status = try await withPlatform(testConfiguration()) { (platform) async throws in
            try await platform.request(.get, "/healthz").status
        }
        #expect(status == .ok)
    }

    @Test func demoModeProvisionsIdempotently() async throws {
        var configuration = testConfiguration()
        configuration.demo = true
        let first = try await withPlatform(configuration) { (platform) async throws in
            let demo = try #require(platform.demo)
            #expect(demo.application.subscriptions == ["poi"])
            #expect(try await platform.token(authorization: demo.credentials.authorizationHeader()).status == .ok)
            let shops = try await platform.request(.get, "/demo-upstream/poi/v1/shops?postalCode=35000")
            #expect(shops.status == .ok)
            #expect(shops.body.contains("Rennes") && !shops.body.contains("Paris"))
            return demo.credentials
        }
        let second = try await withPlatform(configuration) { platform in try #require(platform.demo).credentials }
        #expect(first == second)
        let provisioning = try Platform(databasePath: configuration.databasePath, masterKey: nil).provisioning
        #expect(try await provisioning.applications().count == 1)
        #expect(try await provisioning.apis().map(\.basePath) == ["/poi/v1"])
    }

    @Test func refusesPlainHTTPOnAPublicAddressUnlessAllowed() throws {
        var configuration = testConfiguration()
        configuration.host = "0.0.0.0"
        #expect(throws: ConfigurationError.self) { try configuration.validate() }
        configuration.allowInsecureHTTP = true
        try configuration.validate()
        configuration.allowInsecureHTTP = false
        configuration.tls = .init(certificateChainPath: "cert.pem", privateKeyPath: "key.pem")
        try configuration.validate()
    }

    @Test func noSecretNorTokenReachesTheLogs() async throws {
        let sink = LogSink()
        var logger = Logger(label: "capture") { _ in CapturingLogHandler(sink: sink) }
        logger.logLevel = .trace
        var configuration = testConfiguration()
        configuration.demo = true
        configuration.tokenRequestsPerMinute = 5
        let app = try await provisionApplication(configuration)
        // A secret, a token, or the Base64 credentials of an Authorization header.
        func sensitive(_ credentials: ClientCredentials) -> [String] {
            [credentials.clientSecret, String(credentials.authorizationHeader().dropFirst("Basic ".count))]
        }
        var secrets = sensitive(app.credentials)
        let issued = try await withPlatform(configuration, logger: logger) { (platform) async throws in
            let demo = try #require(platform.demo)
            var tokens: [String] = []
            for credentials in [app.credentials, demo.credentials] {
                let header = credentials.authorizationHeader()
                tokens.append(try #require(try await platform.token(authorization: header).json()["access_token"] as? String))
                _ = try await platform.token(
                    authorization: nil,
                    body: "grant_type=client_credentials&client_id=\(credentials.clientID)&client_secret=\(credentials.clientSecret)")
                _ = try await platform.token(authorization: header, body: "grant_type=client_credentials&client_secret=\(credentials.clientSecret)")
                _ = try await platform.token(authorization: header, body: "grant_type=password&password=\(credentials.clientSecret)")
                _ = try await platform.token(authorization: header, accept: nil)
                for _ in 0..<5 { _ = try await platform.token(authorization: header) }
            }
            // Through the gateway, with a good token, a wrong one and a token-like value in the query.
            for token in tokens + ["wrong-" + tokens[0]] {
                _ = try await platform.request(.get, "/poi/v1/shops?postalCode=35000&access_token=\(token)", headers: [.authorization: "Bearer " + token])
            }
            _ = try await platform.request(.get, "/oauth/v3/token?client_secret=\(app.credentials.clientSecret)")
            return (tokens, demo.credentials)
        }
        secrets += issued.0 + sensitive(issued.1)
        let log = sink.text
        #expect(log.contains("POST /oauth/v3/token 200"))
        #expect(log.contains("429"))
        #expect(log.contains("GET /poi/v1/shops 200") && log.contains("GET /poi/v1/shops 401"))
        #expect(secrets.count == 6)
        for secret in secrets {
            #expect(!log.contains(secret), "a secret or token reached the log")
        }
    }
}
