import Foundation
import HTTPTypes
import OAuthCore
import Platform
import PlatformServices
import PlatformStore
import PlatformTesting
import Synchronization
import Testing

/// Client authentication (RFC 6749 §2.3.1, §3.2.1; seeds 002 and 003) is one piece of code behind the three
/// endpoints that take client credentials; each case runs against each endpoint, each endpoint in its seed's words.
@Suite struct ClientAuthenticationTests {
    /// The endpoints that authenticate clients, each with a request that succeeds once the client is authenticated.
    enum Endpoint: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case clientCredentials = "/oauth/v3/token"
        case openIDToken = "/openidconnect/fr/v1/token"
        case revocation = "/openidconnect/fr/v1/revoke"

        var testDescription: String { rawValue }

        /// The request's own parameters, without credentials.
        func parameters(_ fixture: ClientAuthenticationFixture) -> String {
            switch self {
            case .clientCredentials: "grant_type=client_credentials"
            case .openIDToken: "grant_type=refresh_token&refresh_token=" + fixture.refreshToken
            case .revocation: "token=an-unknown-token"
            }
        }

        /// Seed 002 ends its descriptions with a period; seed 003's token endpoint table does not, and names an
        /// unknown client and a wrong secret apart.
        var isSeed003: Bool { self != .clientCredentials }

        func description(_ error: OAuthError) -> String {
            isSeed003 ? error.withoutFinalPeriod.errorDescription! : error.errorDescription!
        }
    }

    /// What is presented, and how.
    enum Case: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case basicOnly, bodyOnly, basicAndBodySecret, basicAndBodyCredentials, basicAndEqualClientID
        case basicAndOtherClientID, noCredentials, wrongSecret, renewedSecret, suspendedApplication, unknownClient
        case twoAuthorizationHeaders

        var testDescription: String { rawValue }
    }

    enum Expected: Equatable {
        case success
        case refused(HTTPResponse.Status, OAuthError.Code, String)
    }

    static func expected(_ presented: Case, at endpoint: Endpoint) -> Expected {
        let invalid = Expected.refused(.unauthorized, .invalidClient, endpoint.description(.invalidCredentials))
        let duplicate = Expected.refused(.badRequest, .invalidRequest, "Duplicate credentials")
        switch presented {
        case .basicOnly, .bodyOnly, .basicAndEqualClientID: return .success
        case .basicAndBodySecret, .basicAndBodyCredentials, .twoAuthorizationHeaders: return duplicate
        case .basicAndOtherClientID, .suspendedApplication: return invalid
        case .noCredentials: return .refused(.unauthorized, .invalidClient, endpoint.description(.noCredentials))
        case .renewedSecret: return .refused(.unauthorized, .invalidClient, endpoint.description(.outdatedCredentials))
        case .wrongSecret:
            return endpoint.isSeed003 ? .refused(.unauthorized, .invalidClient, "Invalid client password") : invalid
        case .unknownClient:
            return endpoint.isSeed003 ? .refused(.unauthorized, .invalidClient, "Client not found") : invalid
        }
    }

    static func request(_ presented: Case, at endpoint: Endpoint, _ fixture: ClientAuthenticationFixture) -> (HTTPFields, String) {
        let app = fixture.application
        let basic = app.authorizationHeader()
        let body = endpoint.parameters(fixture)
        let inBody = "&client_id=\(app.clientID)&client_secret=\(app.clientSecret)"
        var headers: HTTPFields = [.accept: "application/json", .contentType: "application/x-www-form-urlencoded"]
        switch presented {
        case .basicOnly: headers[.authorization] = basic
        case .bodyOnly: return (headers, body + inBody)
        case .basicAndBodySecret: headers[.authorization] = basic; return (headers, body + "&client_secret=\(app.clientSecret)")
        case .basicAndBodyCredentials: headers[.authorization] = basic; return (headers, body + inBody)
        case .basicAndEqualClientID: headers[.authorization] = basic; return (headers, body + "&client_id=\(app.clientID)")
        case .basicAndOtherClientID:
            headers[.authorization] = basic
            return (headers, body + "&client_id=\(fixture.other.clientID)")
        case .noCredentials: break
        case .wrongSecret: headers[.authorization] = ClientCredentials(clientID: app.clientID, clientSecret: "wrong").authorizationHeader()
        case .renewedSecret: headers[.authorization] = fixture.renewedAway.authorizationHeader()
        case .suspendedApplication: headers[.authorization] = fixture.suspended.authorizationHeader()
        case .unknownClient: headers[.authorization] = ClientCredentials(clientID: "nobody", clientSecret: "nothing").authorizationHeader()
        case .twoAuthorizationHeaders:
            headers.append(HTTPField(name: .authorization, value: basic))
            headers.append(HTTPField(name: .authorization, value: basic))
        }
        return (headers, body)
    }

    /// Every case against one server per endpoint: a server per case would hold over a thousand descriptors
    /// at once, and Foundation's `Process.run` (6.3) crashes when it lists that many in other tests.
    @Test(arguments: Endpoint.allCases)
    func clientAuthentication(at endpoint: Endpoint) async throws {
        let fixture = try await ClientAuthenticationFixture.shared()
        var configuration = testConfiguration(database: fixture.databasePath)
        configuration.tokenRequestsPerMinute = 0
        try await withPlatform(configuration) { (platform) async throws in
            for presented in Case.allCases {
                let (headers, body) = Self.request(presented, at: endpoint, fixture)
                let answer = try await platform.request(.post, endpoint.rawValue, headers: headers, body: body)
                switch Self.expected(presented, at: endpoint) {
                case .success:
                    #expect(answer.status == .ok, "\(presented): \(answer.body)")
                case .refused(let status, let error, let description):
                    #expect(answer.status == status, "\(presented)")
                    #expect(try answer.json()["error"] as? String == error.rawValue, "\(presented)")
                    #expect(try answer.json()["error_description"] as? String == description, "\(presented)")
                    if status == .unauthorized {
                        #expect(answer.headers[.wwwAuthenticate] == #"Basic realm="Authorization Required""#, "\(presented)")
                    }
                }
            }
        }
    }
}

/// One database for every case of the matrix, provisioned once: an application with a refresh token of its user,
/// another application, one whose secret was renewed (the old credentials kept), one suspended.
struct ClientAuthenticationFixture: Sendable {
    var databasePath: String
    var application: ClientCredentials
    var other: ClientCredentials
    var renewedAway: ClientCredentials
    var suspended: ClientCredentials
    var refreshToken: String

    private static let made = Mutex<Task<ClientAuthenticationFixture, any Error>?>(nil)

    static func shared() async throws -> ClientAuthenticationFixture {
        let task = made.withLock { task in
            if let task { return task }
            let new = Task { try await make() }
            task = new
            return new
        }
        return try await task.value
    }

    private static func make() async throws -> ClientAuthenticationFixture {
        let configuration = testConfiguration()
        let main = try await provisionThreeLegged(configuration)
        let other = try await provisionApplication(configuration, email: "other@example.com")
        let renewed = try await provisionApplication(configuration, email: "renewed@example.com")
        let suspended = try await provisionApplication(configuration, email: "suspended@example.com")
        let platform = try await Platform.open(configuration)
        _ = try await platform.provisioning.renewSecret(clientID: renewed.credentials.clientID)
        _ = try await platform.provisioning.setStatus(.suspended, clientID: suspended.credentials.clientID)
        _ = try await platform.provisioning.rotateSigningKey()
        let user = try #require(try await platform.store.user(username: main.username))
        let grant = try await platform.store.saveGrant(
            userSubject: user.subject, applicationID: main.application.application.id, scope: ["openid", "offline_access"])
        let refreshToken = RandomString.base64URL(byteCount: 32)
        try await platform.store.saveToken(
            IssuedToken(
                digest: TokenDigest(of: refreshToken), applicationID: main.application.application.id, kind: .refresh,
                grantID: grant.id, scope: "openid offline_access", issuedAt: Date(), expiresAt: Date() + 86400))
        return ClientAuthenticationFixture(
            databasePath: configuration.database.argument, application: main.application.credentials, other: other.credentials,
            renewedAway: renewed.credentials, suspended: suspended.credentials, refreshToken: refreshToken)
    }
}
