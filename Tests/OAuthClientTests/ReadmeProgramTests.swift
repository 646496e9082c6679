import Foundation
import OAuthClient
import OAuthCore
import Platform
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
