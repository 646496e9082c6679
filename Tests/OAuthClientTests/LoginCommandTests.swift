import Foundation
import HTTPTypes
import Logging
import OAuthClient
import OAuthCore
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

/// `orangerie login`, `userinfo`, `token --user` and `logout`, run as separate processes against the real
/// provider; a script plays the browser (issue 6, "Deliver" 5 and 6).
@Suite struct LoginCommandTests {
    @Test func aScriptedBrowserSignsInThroughTheLoopbackRedirectAndTheTokensStayFresh() async throws {
        let sink = LogSink()
        var serverLogger = Logger(label: "server") { _ in CapturingLogHandler(sink: sink) }
        serverLogger.logLevel = .info
        let configuration = testConfiguration()
        let fixture = try await provisionThreeLegged(configuration)
        let cache = TemporaryDirectory().path + "/tokens.json"
        try await withPlatform(configuration, logger: serverLogger) { (platform) async throws in
            let environment = [
                "ORANGERIE_ISSUER": platform.baseURL + "/openidconnect/fr/v1",
                "ORANGERIE_AUTHORIZATION_HEADER": fixture.basicAuthorization, "ORANGERIE_TOKEN_CACHE": cache,
            ]
            let login = try OrangerieProcess(["login", "--no-browser", "--verbose", "--login-hint", fixture.username], environment: environment)
            let line = try #require(await login.standardErrorLine(containing: "/openidconnect/fr/v1/authorize?"))
            let url = try #require(line.split(separator: " ").first { $0.hasPrefix("http") }.map(String.init))
            // The provider advertises pushed authorization requests: the URL holds only client_id and the request_uri.
            #expect(url.contains("request_uri=urn%3Aietf%3Aparams%3Aoauth%3Arequest_uri%3A"), "orangerie login pushes (RFC 9126)")
            #expect(!url.contains("redirect_uri="))
            let answer = try await Browser(platform).signIn(startingAt: url, username: fixture.username, password: fixture.password)
            let callback = try #require(answer.headers[.location])
            #expect(callback.hasPrefix("http://127.0.0.1:"))
            let page = try await AsyncHTTPClientTransport.shared.send(HTTPRequestMessage(url: URL(string: callback)!))
            #expect(String(decoding: page.body, as: UTF8.self).contains("You can close this tab"))
            let result = await login.result()
            #expect(result.status == 0, "\(result.stderr)")
            let summary = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(summary["refresh_token"] as? Bool == true)
            let subject = try #require(summary["sub"] as? String)
            // The code, the tokens and the secret are in no log, nor the client_secret in the cache file.
            let code = try #require(URLComponents(string: callback)?.queryItems?.first { $0.name == "code" }?.value)
            let cached = try String(contentsOfFile: cache, encoding: .utf8)
            #expect(!result.stderr.contains(code))
            #expect(!cached.contains(fixture.application.credentials.clientSecret))
            let attributes = try FileManager.default.attributesOfItem(atPath: cache)
            #expect((attributes[.posixPermissions] as? Int) == 0o600)

            let userinfo = try await OrangerieProcess.run(["userinfo"], environment: environment)
            #expect(userinfo.status == 0, "\(userinfo.stderr)")
            #expect(userinfo.stdout.contains(subject))
            #expect(userinfo.stdout.contains("Alice Martin"))

            // The access token expires: two processes at once make one refresh between them.
            let store = try FileTokenStore(path: cache)
            let key = AuthorizationCodeFlow.storeKey(issuer: platform.baseURL + "/openidconnect/fr/v1", clientID: fixture.clientID)
            var stored = try #require(try await store.token(for: key))
            stored.expiresAt = stored.obtainedAt
            try await store.save(stored, for: key)
            let refreshesBefore = sink.text.components(separatedBy: "POST /openidconnect/fr/v1/token 200").count
            let both = try (0..<2).map { _ in try OrangerieProcess(["token", "--user"], environment: environment) }
            var tokens: [String] = []
            for process in both {
                let run = await process.result()
                #expect(run.status == 0, "\(run.stderr)")
                tokens.append(run.stdout)
            }
            #expect(Set(tokens).count == 1)
            #expect(tokens[0] != stored.value.revealed)
            #expect(sink.text.components(separatedBy: "POST /openidconnect/fr/v1/token 200").count == refreshesBefore + 1)
            for token in tokens + [code] { #expect(!sink.text.contains(token.trimmingCharacters(in: .whitespacesAndNewlines))) }

            // Sign-out revokes and wipes: the next use asks to sign in again (exit status 77). It prints the end-session
            // URL, with the kept ID token as its hint (issue 16, item 1).
            let idToken = try #require(try await store.token(for: key)?.idToken?.revealed)
            let logout = try await OrangerieProcess.run(["logout", "--no-browser", "--state", "s1"], environment: environment)
            #expect(logout.status == 0, "\(logout.stderr)")
            let endSession = try #require(URLComponents(string: logout.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
            #expect(endSession.path == "/openidconnect/fr/v1/end-session")
            #expect(endSession.queryItems?.first { $0.name == "id_token_hint" }?.value == idToken)
            #expect(endSession.queryItems?.first { $0.name == "state" }?.value == "s1")
            #expect(try await store.token(for: key) == nil)
            let after = try await OrangerieProcess.run(["token", "--user"], environment: environment)
            #expect(after.status == 77)
            #expect(after.stderr.contains("sign the user in again"))
        }
    }
}
