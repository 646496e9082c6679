import Foundation
import Hummingbird
@testable import OAuthClient
import NIOSSL
import Testing

/// Seed 000 (HTTPS, TLS 1.2 or later) and redirects that never carry Authorization to another origin.
@Suite struct TransportTests {
    @Test(arguments: ["http://api.example.com/oauth/v3/token", "ftp://127.0.0.1/x", "http://10.0.0.1/x", "https:///nohost"])
    func refusesAnythingButHTTPSExceptLoopback(url: String) async throws {
        await #expect(throws: OAuthClientError.insecureURL) {
            try await AsyncHTTPClientTransport.shared.send(HTTPRequestMessage(url: URL(string: url)!))
        }
    }

    @Test func allowsPlainHTTPToLoopback() throws {
        for url in ["http://127.0.0.1:1/x", "http://localhost/x", "http://[::1]:8080/x", "https://api.orange.com/x"] {
            #expect(throws: Never.self) { try RedirectPolicy.check(URL(string: url)!) }
        }
    }

    @Test func offersNoTLSBelow12() {
        let tls = AsyncHTTPClientTransport.tlsConfiguration(.init())
        #expect(tls.minimumTLSVersion == .tlsv12)
        #expect(tls.maximumTLSVersion == nil)
        var strict = AsyncHTTPClientTransport.Configuration()
        strict.minimumTLSVersion = .v1_3
        #expect(AsyncHTTPClientTransport.tlsConfiguration(strict).minimumTLSVersion == .tlsv13)
    }

    @Test func dropsAuthorizationOnARedirectToAnotherOriginOnly() async throws {
        try await withFakeServer({ router in
            router.get("/echo") { request, _ in request.headers[.authorization] ?? "none" }
            router.get("/same") { _, _ in Response(status: .temporaryRedirect, headers: [.location: "/echo"]) }
            router.get("/other") { request, _ in
                // 127.0.0.1 and localhost are two origins (RFC 6454), though the same server.
                let port = request.head.authority?.split(separator: ":").last ?? ""
                return Response(status: .found, headers: [.location: "http://localhost:\(port)/echo"])
            }
        }) { baseURL in
            // A client of its own, shut down whatever happens: one dropped unshut would crash the whole test run.
            let transport = AsyncHTTPClientTransport()
            do {
                let same = try await transport.send(HTTPRequestMessage(url: URL(string: baseURL + "/same")!, headers: ["Authorization": "Bearer t"]))
                #expect(String(decoding: same.body, as: UTF8.self) == "Bearer t")
                let other = try await transport.send(HTTPRequestMessage(url: URL(string: baseURL + "/other")!, headers: ["Authorization": "Bearer t"]))
                #expect(other.status == 200)
                #expect(String(decoding: other.body, as: UTF8.self) == "none")
            } catch {
                try await transport.shutdown()
                throw error
            }
            try await transport.shutdown()
        }
    }

    @Test func aRequestThatFollowsNoRedirectGetsEvenASameOriginRedirectBack() throws {
        let url = URL(string: "https://api.example.com/oauth/v3/token")!
        var request = HTTPRequestMessage(method: "POST", url: url, body: .bytes(Data("grant_type=client_credentials".utf8)))
        for status in [301, 302, 303, 307, 308] {
            let redirect = HTTPResponseMessage(status: status, headers: ["Location": "/oauth/v4/token"])
            request.followsRedirects = true
            #expect(try RedirectPolicy.redirect(of: request, by: redirect) != nil)
            request.followsRedirects = false
            #expect(try RedirectPolicy.redirect(of: request, by: redirect) == nil)
        }
    }

    @Test func neverFollowsARedirectToPlainHTTPElsewhere() async throws {
        try await withFakeServer({ router in
            router.get("/away") { _, _ in Response(status: .found, headers: [.location: "http://api.example.com/steal"]) }
        }) { baseURL in
            await #expect(throws: OAuthClientError.insecureURL) {
                try await AsyncHTTPClientTransport.shared.send(HTTPRequestMessage(url: URL(string: baseURL + "/away")!))
            }
        }
    }

    @Test func readsRetryAfterInBothForms() {
        let now = Date(timeIntervalSince1970: 784_111_777)  // Sun, 06 Nov 1994 08:49:37 GMT
        #expect(RetryAfter.parse("120", now: now) == .seconds(120))
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:51:37 GMT", now: now) == .seconds(120))
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:00:00 GMT", now: now) == .zero)
        #expect(RetryAfter.parse("soon", now: now) == nil)
    }
}
