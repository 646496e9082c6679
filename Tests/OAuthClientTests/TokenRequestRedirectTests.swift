import Foundation
import Hummingbird
import OAuthClient
import OAuthCore
import Synchronization
import Testing

/// Issue 10, item 9: a token, refresh or revocation request carries the client's secret and a code, verifier or
/// refresh token in its body; a 307 or 308 would send that body again to wherever it points (RFC 9110 §15.4.8-9).
/// Such requests follow no redirect at all: the caller gets the redirect as an error.
@Suite struct TokenRequestRedirectTests {
    /// Every request of the SDK that goes to a token or revocation endpoint.
    enum Kind: String, CaseIterable, Sendable {
        case clientCredentials, authorizationCode, refresh, revocation

        /// Makes the request against a provider at `baseURL` whose token and revocation endpoints are `/token`.
        func send(baseURL: String) async throws {
            var metadata = ProviderMetadata(
                issuer: baseURL, authorizationEndpoint: baseURL + "/authorize", tokenEndpoint: baseURL + "/token",
                revocationEndpoint: baseURL + "/token")
            metadata.idTokenSigningAlgValuesSupported = ["ES256"]
            let credentials = ClientCredentials(clientID: "app", clientSecret: "secret")
            let flow = AuthorizationCodeFlow(metadata: metadata, credentials: credentials, redirectURI: "http://127.0.0.1/callback")
            let store = InMemoryTokenStore()
            // Expired, so that the refreshing source refreshes.
            let expired = AccessToken(
                value: Secret("access"), obtainedAt: Date() - 60, expiresAt: Date() - 1, refreshToken: Secret("refresh-token-value"))
            await store.save(expired, for: flow.storeKey)
            switch self {
            case .clientCredentials:
                _ = try await ClientCredentialsTokenSource(tokenURL: URL(string: baseURL + "/token")!, credentials: credentials).token()
            case .authorizationCode:
                let url = try await flow.authorizationURL(.init(scope: ["profile"]))
                let state = try #require(URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems?.first { $0.name == "state" }?.value)
                _ = try await flow.handleCallback(URL(string: "http://127.0.0.1/callback?code=the-code&state=\(state)")!)
            case .refresh:
                _ = try await flow.refreshingTokenSource(store: store).token()
            case .revocation:
                try await flow.signOut(store: store)
            }
        }
    }

    @Test(arguments: Kind.allCases)
    func aTokenEndpointRequestFollowsNoRedirect(kind: Kind) async throws {
        let forwarded = Mutex<[String]>([])
        try await withFakeServer({ router in
            router.post("/token") { request, _ in
                // 127.0.0.1 and localhost are two origins (RFC 6454), though the same server.
                let port = request.head.authority?.split(separator: ":").last ?? ""
                return Response(status: .temporaryRedirect, headers: [.location: "http://localhost:\(port)/elsewhere"])
            }
            router.post("/elsewhere") { request, _ in
                let body = try await request.body.collect(upTo: 1 << 16)
                forwarded.withLock { $0.append(String(buffer: body)) }
                return json(.ok, #"{"token_type":"Bearer","access_token":"stolen","expires_in":3600}"#)
            }
        }) { baseURL in
            do {
                try await kind.send(baseURL: baseURL)
                Issue.record("\(kind): the redirect was followed and answered")
            } catch let error as OAuthClientError {
                #expect(error.status == 307, "\(kind): \(error)")
                #expect(error.detail.contains("a redirect to http://localhost:"), "\(kind): \(error)")
            }
            #expect(forwarded.withLock { $0 } == [], "\(kind): the body went to the redirect's target")
        }
    }
}
