import Foundation
import OAuthCore
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

/// A client's framing error in a token request's body is the client's mistake: `400 invalid_request` (RFC 9112
/// §6.3, §7.1), never seed 002's `413` for a body over the limit.
@Suite struct TokenRequestFramingTests {
    static func head(_ path: String, _ credentials: ClientCredentials, framing: String) -> String {
        "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: \(credentials.authorizationHeader())\r\n"
            + "Accept: application/json\r\nContent-Type: application/x-www-form-urlencoded\r\n\(framing)\r\n\r\n"
    }

    @Test(arguments: ["/oauth/v3/token", "/openidconnect/fr/v1/token", "/openidconnect/fr/v1/revoke"])
    func aTruncatedOrMisframedBodyIsABadRequest(path: String) async throws {
        let configuration = testConfiguration()
        let app = try await provisionApplication(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            // Content-Length promises more than the client sends before closing its side.
            let truncated = try await RawConnection.exchange(
                port: platform.port,
                Self.head(path, app.credentials, framing: "Content-Length: 100") + "grant_type=client_credentials",
                halfClose: true)
            #expect(truncated.hasPrefix("HTTP/1.1 400 "), "\(truncated)")
            #expect(truncated.contains(#""error":"invalid_request""#), "\(truncated)")

            // A chunk size that is no hexadecimal number.
            let badChunk = try await RawConnection.exchange(
                port: platform.port,
                Self.head(path, app.credentials, framing: "Transfer-Encoding: chunked") + "zz\r\ngrant_type=client_credentials\r\n0\r\n\r\n",
                halfClose: false)
            #expect(badChunk.hasPrefix("HTTP/1.1 400 "), "\(badChunk)")
            #expect(badChunk.contains(#""error":"invalid_request""#), "\(badChunk)")

            // A real over-size stays 413, chunked as with a length.
            let large = "grant_type=client_credentials&pad=" + String(repeating: "a", count: 20_000)
            let oversized = try await RawConnection.exchange(
                port: platform.port,
                Self.head(path, app.credentials, framing: "Transfer-Encoding: chunked")
                    + String(large.utf8.count, radix: 16) + "\r\n" + large + "\r\n0\r\n\r\n",
                halfClose: true)
            #expect(oversized.hasPrefix("HTTP/1.1 413 "), "\(oversized)")
        }
    }
}
