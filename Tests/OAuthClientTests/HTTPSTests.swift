import Foundation
import OAuthClient
import OAuthCore
import Platform
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

/// The SDK against the platform served over HTTPS (seed 000: TLS 1.2 or later; the server refuses less).
@Suite struct HTTPSTests {
    @Test func getsATokenOverHTTPSFromAServerItTrusts() async throws {
        let directory = TemporaryDirectory().path
        var configuration = testConfiguration(database: directory + "/https.sqlite")
        let certificate = try makeSelfSignedCertificate(in: directory)
        configuration.tls = certificate
        let app = try await provisionApplication(configuration)
        try await withPlatform(configuration) { platform in
            let tokenURL = URL(string: "https://127.0.0.1:\(platform.port)/oauth/v3/token")!
            var trusting = AsyncHTTPClientTransport.Configuration()
            trusting.additionalTrustRoots = [certificate.certificateChainPath]
            let transport = AsyncHTTPClientTransport(configuration: trusting)
            let untrusting = AsyncHTTPClientTransport()
            defer { Task { try await transport.shutdown(); try await untrusting.shutdown() } }

            let token = try await ClientCredentialsTokenSource(tokenURL: tokenURL, credentials: app.credentials, transport: transport).token()
            #expect(token.value.revealed.count >= 43)

            // The certificate is verified: without its authority the same request fails.
            await #expect(throws: OAuthClientError.self) {
                try await ClientCredentialsTokenSource(tokenURL: tokenURL, credentials: app.credentials, transport: untrusting).token()
            }
        }
    }
}
