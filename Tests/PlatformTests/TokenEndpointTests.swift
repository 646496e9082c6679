import Foundation
import HTTPTypes
import OAuthCore
import Platform
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

/// `POST /oauth/v3/token`, end to end, rule by rule of seeds 002 and 004 (issue 2, "Deliver" 5).
@Suite struct TokenEndpointTests {
    @Test func issuesABearerTokenAsTheSeedShows() async throws {
        let configuration = testConfiguration()
        let app = try await provisionApplication(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let answer = try await platform.token(authorization: app.credentials.authorizationHeader())
            #expect(answer.status == .ok)
            #expect(answer.headers[.contentType] == "application/json")
            #expect(answer.headers[.cacheControl] == "no-store")
            #expect(answer.headers[HTTPField.Name("Pragma")!] == "no-cache")
            let json = try answer.json()
            #expect(json["token_type"] as? String == "Bearer")
            #expect(json["expires_in"] as? Int == 3600)
            let accessToken = try #require(json["access_token"] as? String)
            #expect(accessToken.count >= 43)

            // Persisted as a digest, for the configured lifetime.
            let store = try await Platform.open(configuration).store
            let saved = try #require(try await store.token(digest: TokenDigest(of: accessToken)))
            #expect(saved.applicationID == app.application.id)
            #expect(saved.expiresAt.timeIntervalSince(saved.issuedAt) == 3600)
        }
    }

    @Test func acceptsCredentialsInTheBodyButNotTwice() async throws {
        let configuration = testConfiguration()
        let app = try await provisionApplication(configuration)
        let id = app.credentials.clientID, secret = app.credentials.clientSecret
        try await withPlatform(configuration) { (platform) async throws in
            let inBody = try await platform.token(
                authorization: nil, body: "grant_type=client_credentials&client_id=\(id)&client_secret=\(secret)")
            #expect(inBody.status == .ok)

            let both = try await platform.token(
                authorization: app.credentials.authorizationHeader(),
                body: "grant_type=client_credentials&client_id=\(id)&client_secret=\(secret)")
            #expect(both.status == .badRequest)
            #expect(try both.json()["error"] as? String == "invalid_request")
            #expect(try both.json()["error_description"] as? String == "Duplicate credentials")
        }
    }

    @Test func requiresAcceptApplicationJSON() async throws {
        let configuration = testConfiguration()
        let app = try await provisionApplication(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let header = app.credentials.authorizationHeader()
            for refused in [nil, "*/*", "application/*", "text/html", "application/json;q=0", "application/xml"] {
                let answer = try await platform.token(authorization: header, accept: refused)
                #expect(answer.status == .notAcceptable, "Accept: \(refused ?? "none")")
                #expect(try answer.json()["code"] as? Int == 62)
            }
            for accepted in ["application/json", "text/html, application/json;q=0.5", "Application/JSON; charset=utf-8"] {
                #expect(try await platform.token(authorization: header, accept: accepted).status == .ok, "Accept: \(accepted)")
            }
        }
    }

    @Test func answersEveryClientErrorOfSeed002() async throws {
        let configuration = testConfiguration()
        let app = try await provisionApplication(configuration)
        let unsubscribed = try await provisionApplication(configuration, subscribe: false)
        let header = app.credentials.authorizationHeader()
        try await withPlatform(configuration) { (platform) async throws in
            func expect(_ answer: HTTPAnswer, _ status: HTTPResponse.Status, _ error: OAuthError, sourceLocation: SourceLocation = #_sourceLocation) throws {
                #expect(answer.status == status, sourceLocation: sourceLocation)
                let json = try answer.json()
                #expect(json["error"] as? String == error.error.rawValue, sourceLocation: sourceLocation)
                #expect(json["error_description"] as? String == error.errorDescription, sourceLocation: sourceLocation)
                if status == .unauthorized {
                    #expect(answer.headers[.wwwAuthenticate] == #"Basic realm="Authorization Required""#, sourceLocation: sourceLocation)
                }
            }
            try expect(try await platform.token(authorization: header, body: "grant_type=password"), .badRequest, .invalidGrantType)
            try expect(try await platform.token(authorization: header, body: ""), .badRequest, .missingParameters)
            try expect(
                try await platform.request(.get, "/oauth/v3/token", headers: [.accept: "application/json"]), .badRequest,
                .methodNotSupported)
            try expect(
                try await platform.request(.post, "/oauth/v3/tokens", headers: [.accept: "application/json"]), .badRequest,
                .resourceNotFound)
            try expect(
                try await platform.token(authorization: unsubscribed.credentials.authorizationHeader()), .badRequest,
                .notSubscribed)
            try expect(try await platform.token(authorization: nil), .unauthorized, .noCredentials)
            let wrongSecret = ClientCredentials(clientID: app.credentials.clientID, clientSecret: "wrong")
            try expect(try await platform.token(authorization: wrongSecret.authorizationHeader()), .unauthorized, .invalidCredentials)
        }
    }

    @Test func anUnknownClientAndAWrongSecretGetTheSameAnswer() async throws {
        let configuration = testConfiguration()
        let app = try await provisionApplication(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let unknown = try await platform.token(
                authorization: ClientCredentials(clientID: "nobody", clientSecret: "x").authorizationHeader())
            let wrong = try await platform.token(
                authorization: ClientCredentials(clientID: app.credentials.clientID, clientSecret: "x").authorizationHeader())
            #expect(unknown.status == .unauthorized)
            #expect(unknown.status == wrong.status)
            #expect(unknown.body == wrong.body)
            #expect(unknown.headers[.wwwAuthenticate] == wrong.headers[.wwwAuthenticate])
        }
    }

    @Test func malformedInputGetsA4xxNeverA500() async throws {
        let configuration = testConfiguration()
        let app = try await provisionApplication(configuration)
        let header = app.credentials.authorizationHeader()
        try await withPlatform(configuration) { (platform) async throws in
            for bad in ["Basic !!!", "Basic " + Data("no-colon".utf8).base64EncodedString(), "Basic " + Data([0xFF, 0x3A, 0xFE]).base64EncodedString(), "Bearer abc"] {
                let answer = try await platform.token(authorization: bad)
                #expect(answer.status == .unauthorized, "Authorization: \(bad)")
                #expect(try answer.json()["error"] as? String == "invalid_client")
            }
            let repeated = try await platform.token(authorization: header, body: "grant_type=client_credentials&grant_type=client_credentials")
            #expect(repeated.status == .badRequest)
            #expect(try repeated.json()["error"] as? String == "invalid_request")

            let badEscape = try await platform.token(authorization: header, body: "grant_type=%zz")
            #expect(badEscape.status == .badRequest)
            #expect(try badEscape.json()["error_description"] as? String == "Syntax error")

            let notUTF8 = try await platform.request(
                .post, "/oauth/v3/token",
                headers: [.authorization: header, .accept: "application/json", .contentType: "application/x-www-form-urlencoded"],
                bytes: Array("grant_type=".utf8) + [0xFF, 0xFE])
            #expect(notUTF8.status == .badRequest)

            let json = try await platform.token(authorization: header, body: #"{"grant_type":"client_credentials"}"#, contentType: "application/json")
            #expect(json.status == .unsupportedMediaType)
            #expect(try json.json()["code"] as? Int == 68)

            let large = try await platform.token(authorization: header, body: "grant_type=client_credentials&pad=" + String(repeating: "a", count: 20_000))
            #expect(large.status == .contentTooLarge)
            #expect(try large.json()["code"] as? Int == 66)
        }
    }

    @Test func aSuspendedApplicationAndARenewedSecretAreRefusedAtOnce() async throws {
        let configuration = testConfiguration()
        let app = try await provisionApplication(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let admin = try await Platform.open(configuration).provisioning
            let renewed = try await admin.renewSecret(clientID: app.credentials.clientID)
            #expect(try await eventually(within: .seconds(15)) {
                try await platform.token(authorization: renewed.credentials.authorizationHeader()).status == .ok
            })
            let old = try await platform.token(authorization: app.credentials.authorizationHeader())
            #expect(old.status == .unauthorized)
            #expect(try old.json()["error_description"] as? String == OAuthError.outdatedCredentials.errorDescription)

            _ = try await admin.setStatus(.suspended, clientID: app.credentials.clientID)
            #expect(try await eventually(within: .seconds(15)) {
                try await platform.token(authorization: renewed.credentials.authorizationHeader()).status == .unauthorized
            })
            let suspended = try await platform.token(authorization: renewed.credentials.authorizationHeader())
            #expect(try suspended.json()["error"] as? String == "invalid_client")
        }
    }

    @Test func limitsTokenRequestsPerApplicationBeforeCheckingTheSecret() async throws {
        var configuration = testConfiguration()
        configuration.tokenRequestsPerMinute = 3
        configuration.clock = ManualClock(Date()).clock  // the limit counts per calendar minute: never let it turn
        let app = try await provisionApplication(configuration)
        let other = try await provisionApplication(configuration, email: "other@example.com")
        try await withPlatform(configuration) { (platform) async throws in
            for _ in 0..<3 {
                #expect(try await platform.token(authorization: app.credentials.authorizationHeader()).status == .ok)
            }
            let limited = try await platform.token(authorization: app.credentials.authorizationHeader())
            #expect(limited.status == .tooManyRequests)
            #expect(try limited.json()["code"] as? Int == 53)
            let retryAfter = try #require(limited.headers[.retryAfter].flatMap(Int.init))
            #expect((1...60).contains(retryAfter))
            // Checked before the secret: a guesser learns nothing once the limit is reached.
            let guess = ClientCredentials(clientID: app.credentials.clientID, clientSecret: "guess")
            #expect(try await platform.token(authorization: guess.authorizationHeader()).status == .tooManyRequests)
            // Per application.
            #expect(try await platform.token(authorization: other.credentials.authorizationHeader()).status == .ok)
        }
    }

    @Test func aZeroLimitTurnsTheLimitOff() async throws {
        var configuration = testConfiguration()
        configuration.tokenRequestsPerMinute = 0
        let app = try await provisionApplication(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            for _ in 0..<60 {
                #expect(try await platform.token(authorization: app.credentials.authorizationHeader()).status == .ok)
            }
        }
    }

    @Test func theTokenLifetimeIsConfigurable() async throws {
        var configuration = testConfiguration()
        configuration.accessTokenLifetime = 120
        let app = try await provisionApplication(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            let answer = try await platform.token(authorization: app.credentials.authorizationHeader())
            #expect(try answer.json()["expires_in"] as? Int == 120)
        }
    }
}
