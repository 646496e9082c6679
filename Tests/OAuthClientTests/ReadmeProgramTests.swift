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

/// The ten-line program of README.md ("Swift SDK and client commands"), run against `serve --demo`.
@Suite struct ReadmeProgramTests {
    /// README.md's program, with the base URL and the header passed in instead of read from the environment.
    static func program(baseURL: String, header: String) async throws -> String {
        let tokens = ClientCredentialsTokenSource(
            tokenURL: URL(string: baseURL + "/oauth/v3/token")!,
            credentials: try ClientCredentials(portalHeader: header)
        ).cached()
        let api = AuthorizedClient(tokenSource: tokens)
        let response = try await api.send(HTTPRequestMessage(url: URL(string: baseURL + "/poi/v1/shops?postalCode=35000")!))
        return String(decoding: try response.ensureSuccess().body, as: UTF8.self)
    }

    @Test
    func getsATokenAndCallsTheDemoAPIThroughTheGateway() async throws {
        var configuration = testConfiguration()
        configuration.demo = true
        try await withPlatform(configuration) { platform in
            let demo = try #require(platform.demo)
            let body = try await Self.program(baseURL: platform.baseURL, header: demo.credentials.authorizationHeader())
            #expect(body.contains("35000"))
        }
    }
}

/// README.md's 3-legged program ("Signing a user in"), run against `serve --demo` with a script in the user's
/// place and an access token of six seconds, so that the calls span an expiry. (Two seconds, before, left a
/// refreshed token one second to reach the gateway: too little when the whole suite loads the machine.)
@Suite struct ReadmeUserProgramTests {
    /// README.md's program, with the base URL, the header, the browser and the pause passed in.
    static func program(
        baseURL: String, header: String, pause: Duration, openBrowser: @Sendable (URL) async throws -> Void
    ) async throws -> [String] {
        var printed: [String] = []
        let credentials = try ClientCredentials(portalHeader: header)
        let receiver = try await LoopbackRedirectReceiver.start()  // http://127.0.0.1:PORT/callback
        let flow = try await AuthorizationCodeFlow.discover(
            issuer: URL(string: baseURL + "/openidconnect/fr/v1")!, credentials: credentials, redirectURI: receiver.redirectURI)
        try await openBrowser(try await flow.authorizationURL(.init(scope: ["openid", "profile", "offline_access"])))
        let signIn = try await flow.handleCallback(try await receiver.callback())
        let store = InMemoryTokenStore()
        await store.save(signIn.tokens, for: flow.storeKey)
        let tokens = flow.refreshingTokenSource(store: store)
        printed.append("\(try await flow.userInfo(try await tokens.token(), subject: signIn.idToken!.subject))")
        let api = AuthorizedClient(tokenSource: tokens)
        for _ in 1...3 {  // across the access token's expiry: refreshed, no new sign-in
            let shops = try await api.send(HTTPRequestMessage(url: URL(string: baseURL + "/poi/v1/shops?postalCode=35000")!))
            printed.append(String(decoding: try shops.ensureSuccess().body, as: UTF8.self))
            try await Task.sleep(for: pause)
        }
        return printed
    }

    @Test func signsTheDemoUserInAndKeepsCallingTheAPIAcrossATokenExpiry() async throws {
        let sink = LogSink()
        let logger = Logger(label: "server") { _ in CapturingLogHandler(sink: sink) }
        var configuration = testConfiguration()
        configuration.demo = true
        configuration.accessTokenLifetime = 6
        try await withPlatform(configuration, logger: logger) { (platform) async throws in
            let demo = try #require(platform.demo)
            let printed = try await ReadmeUserProgramTests.program(
                baseURL: platform.baseURL, header: demo.credentials.authorizationHeader(), pause: .milliseconds(3500)
            ) { url in
                let answer = try await Browser(platform).signIn(
                    startingAt: url.absoluteString, username: DemoProvisioning.username, password: DemoProvisioning.password)
                let callback = try #require(answer.headers[.location].flatMap(URL.init(string:)))
                _ = try await AsyncHTTPClientTransport.shared.send(HTTPRequestMessage(url: callback))
            }
            #expect(printed[0].contains("Camille Demo"))
            #expect(printed.dropFirst().allSatisfy { $0.contains("35000") })
            let exchanges = sink.text.components(separatedBy: "POST /openidconnect/fr/v1/token 200").count - 1
            #expect(exchanges >= 2, "the code, then at least one refresh")
            #expect(sink.text.components(separatedBy: "POST /openidconnect/fr/v1/login").count - 1 == 1, "signed in once")
        }
    }
}
