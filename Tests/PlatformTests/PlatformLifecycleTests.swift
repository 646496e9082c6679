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
        let store = try await Platform.open(configuration).store
        #expect(try await store.token(digest: TokenDigest(of: first)) != nil)
        #expect(try await store.token(digest: TokenDigest(of: second)) != nil)
    }

    @Test func theMasterKeyFileIsPrivateAndReused() async throws {
        let configuration = testConfiguration()
        let app = try await provisionApplication(configuration)
        let attributes = try FileManager.default.attributesOfItem(atPath: configuration.database.argument + ".key")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let reopened = try await Platform.open(configuration).provisioning
        #expect(try reopened.credentials(of: app.application) == app.credentials)
    }

    @Test func aMasterKeyFromTheEnvironmentIsUsedInstead() async throws {
        var configuration = testConfiguration()
        configuration.masterKey = MasterKeySource(base64: Data(repeating: 7, count: 32).base64EncodedString())
        let app = try await provisionApplication(configuration)
        #expect(!FileManager.default.fileExists(atPath: configuration.database.argument + ".key"))
        let status = try await withPlatform(configuration) { (platform) async throws in
            try await platform.token(authorization: app.credentials.authorizationHeader()).status
        }
        #expect(status == .ok)
        await #expect(throws: (any Error).self) {
            try await Platform.open(configuration.database, masterKey: MasterKeySource(base64: "c2hvcnQ="))
        }
    }

    @Test func aMasterKeyFileIsReadAndNoKeyIsWrittenBesideTheDatabase() async throws {
        var configuration = testConfiguration()
        let keyFile = TemporaryDirectory().path + "/master.key"
        try (Data(repeating: 9, count: 32).base64EncodedString() + "\n").write(toFile: keyFile, atomically: true, encoding: .utf8)
        configuration.masterKey = MasterKeySource(file: keyFile)
        let app = try await provisionApplication(configuration)
        #expect(!FileManager.default.fileExists(atPath: configuration.database.argument + ".key"))
        let sameKey = MasterKeySource(base64: Data(repeating: 9, count: 32).base64EncodedString())
        #expect(try await Platform.open(configuration.database, masterKey: sameKey).provisioning.credentials(of: app.application) == app.credentials)

        try "c2hvcnQ=".write(toFile: keyFile, atomically: true, encoding: .utf8)
        let error = await #expect(throws: (any Error).self) { try await Platform.open(configuration) }
        #expect("\(error!)".contains(keyFile))
    }

    @Test func aPostgreSQLDatabaseNeedsAMasterKeyAndItsPasswordIsNeverShown() async throws {
        let database = DatabaseLocation("postgres://orangerie:s3cret@127.0.0.1:1/platform")
        #expect(database == .postgres(url: "postgres://orangerie:s3cret@127.0.0.1:1/platform"))
        #expect(database.description == "postgres://orangerie:***@127.0.0.1:1/platform")
        #expect(DatabaseLocation("POSTGRESQL://h/db") == .postgres(url: "POSTGRESQL://h/db"))
        #expect(DatabaseLocation("data/postgres.sqlite") == .sqlite(path: "data/postgres.sqlite"))
        let error = await #expect(throws: (any Error).self) { try await Platform.open(database, masterKey: MasterKeySource()) }
        #expect("\(error!)".contains("ORANGERIE_MASTER_KEY"))
        #expect(!"\(error!)".contains("s3cret"))
    }

    @Test func answersHealthChecksWithoutFillingTheLog() async throws {
        let sink = LogSink()
        var logger = Logger(label: "server") { _ in CapturingLogHandler(sink: sink) }
        logger.logLevel = .info
        let status = try await withPlatform(testConfiguration(), logger: logger) { (platform) async throws in
            _ = try await platform.request(.get, "/unknown")
            return try await platform.request(.get, "/healthz").status
        }
        #expect(status == .ok)
        #expect(sink.text.contains("GET /unknown 404"))
        #expect(!sink.text.contains("GET /healthz"))
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
        let provisioning = try await Platform.open(configuration).provisioning
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

    /// In either log format (issue 14, item 3).
    @Test(arguments: LogFormat.allCases) func noSecretNorTokenReachesTheLogs(format: LogFormat) async throws {
        let sink = LogSink()
        let logger = sink.logger(format)
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
        if format == .json { #expect(sink.jsonLines.count == log.split(separator: "\n").count) }
        #expect(log.contains("POST /oauth/v3/token 200"))
        #expect(log.contains("429"))
        #expect(log.contains("GET /poi/v1/shops 200") && log.contains("GET /poi/v1/shops 401"))
        #expect(secrets.count == 6)
        for secret in secrets {
            #expect(!log.contains(secret), "a secret or token reached the log")
        }
    }
}
