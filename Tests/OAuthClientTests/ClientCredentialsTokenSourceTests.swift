import Foundation
import Hummingbird
import Logging
import OAuthClient
import OAuthCore
import PlatformServices
import PlatformStore
import PlatformTesting
import Synchronization
import Testing

/// The 2-legged flow against the real token endpoint, and the exact request seed 002 asks for.
@Suite struct ClientCredentialsTokenSourceTests {
    @Test func getsATokenFromTheRealServer() async throws {
        let configuration = testConfiguration()
        let app = try await provisionApplication(configuration)
        try await withPlatform(configuration) { platform in
            let clock = ManualClock()
            let flow = ClientCredentialsTokenSource(
                tokenURL: URL(string: platform.baseURL + "/oauth/v3/token")!, credentials: app.credentials, now: clock.now)
            let token = try await flow.token()
            #expect(token.tokenType == "Bearer")
            #expect(token.obtainedAt == clock.now())
            #expect(token.expiresAt == clock.now().addingTimeInterval(3600))
            #expect(token.authorizationHeader.hasPrefix("Bearer "))
        }
    }

    @Test func sendsExactlyWhatSeed002Asks() async throws {
        let seen = Mutex<[String]>([])
        try await withFakeServer({ router in
            router.post("/oauth/v3/token") { request, context -> Response in
                let body = try await String(buffer: request.body.collect(upTo: 1024))
                seen.withLock {
                    $0 = [request.headers[.authorization] ?? "", request.headers[.contentType] ?? "", request.headers[.accept] ?? "", body]
                }
                return json(.ok, #"{"token_type":"Bearer","access_token":"t","expires_in":"3600"}"#)
            }
        }) { baseURL in
            let credentials = ClientCredentials(clientID: "id", clientSecret: "secret")
            _ = try await ClientCredentialsTokenSource(tokenURL: URL(string: baseURL + "/oauth/v3/token")!, credentials: credentials).token()
            #expect(seen.withLock { $0 } == [credentials.authorizationHeader(), "application/x-www-form-urlencoded", "application/json", "grant_type=client_credentials"])
            _ = try await ClientCredentialsTokenSource(
                tokenURL: URL(string: baseURL + "/oauth/v3/token")!, credentials: credentials, basicEncoding: .formEncoded, scopes: ["b", "a"]
            ).token()
            #expect(seen.withLock { $0 }.last == "grant_type=client_credentials&scope=a+b")
        }
    }

    @Test func countsExpiryFromWhenTheRequestWasSent() async throws {
        let clock = ManualClock()
        let start = clock.now()
        try await withFakeServer({ router in
            router.post("/oauth/v3/token") { _, _ -> Response in
                clock.advance(by: .seconds(10))  // the answer takes ten seconds to arrive
                return json(.ok, #"{"token_type":"Bearer","access_token":"t","expires_in":3600}"#)
            }
        }) { baseURL in
            let token = try await ClientCredentialsTokenSource(
                tokenURL: URL(string: baseURL + "/oauth/v3/token")!, credentials: .init(clientID: "a", clientSecret: "b"), now: clock.now
            ).token()
            #expect(token.expiresAt == start.addingTimeInterval(3600))
        }
    }

    @Test func refusedCredentialsAreAConfigurationErrorWithTheSeedDescription() async throws {
        let configuration = testConfiguration()
        let app = try await provisionApplication(configuration)
        try await withPlatform(configuration) { platform in
            let wrong = ClientCredentials(clientID: app.credentials.clientID, clientSecret: "wrong")
            let error = await #expect(throws: OAuthClientError.tokenRequestRefused) {
                try await ClientCredentialsTokenSource(tokenURL: URL(string: platform.baseURL + "/oauth/v3/token")!, credentials: wrong).token()
            }
            #expect(error?.remedy == .fixConfiguration)
            #expect(error?.status == 401)
            #expect(error?.oauthError == .invalidCredentials)
        }
    }
}
