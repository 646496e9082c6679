import Foundation
import HTTPTypes
import Hummingbird
import OAuthClient
import OAuthCore
import PlatformServices
import PlatformStore
import PlatformTesting
import Synchronization
import Testing

/// The SDK's side of DPoP (RFC 9449; issue 16, item 4) against a fake provider that wants a server nonce, which the
/// platform never asks for: the proofs the SDK makes pass the platform's own verifier, a `use_dpop_nonce` answer is
/// followed once with the nonce, and the key lives where the token lives.
@Suite struct DPoPClientTests {
    /// A token endpoint and a resource that each want their nonce in the proof, and check every proof with the
    /// platform's ``DPoPProofVerifier``.
    final class NonceDemandingServer: Sendable {
        static let tokenNonce = "token-nonce-1", resourceNonce = "resource-nonce-2"
        let verifier = DPoPProofVerifier()
        private let seen = Mutex<[String]>([])
        /// What each request got: `nonce?` for a refusal asking for one, `ok` otherwise.
        var answers: [String] { seen.withLock { $0 } }

        func addRoutes(to router: Router<BasicRequestContext>, baseURL: @escaping @Sendable () -> String) {
            router.post("/token") { request, _ in
                try self.answer(request, url: baseURL() + "/token", nonce: Self.tokenNonce, accessToken: nil) { nonce in
                    json(.badRequest, #"{"error":"use_dpop_nonce"}"#, headers: [HTTPField.Name("DPoP-Nonce")!: nonce])
                } ok: {
                    json(.ok, #"{"access_token":"tok-1","token_type":"DPoP","expires_in":3600}"#)
                }
            }
            router.get("/shops") { request, _ in
                guard request.headers[.authorization] == "DPoP tok-1" else { return json(.unauthorized, "{}") }
                return try self.answer(request, url: baseURL() + "/shops", nonce: Self.resourceNonce, accessToken: "tok-1") { nonce in
                    json(
                        .unauthorized, "{}",
                        headers: [.wwwAuthenticate: #"DPoP error="use_dpop_nonce""#, HTTPField.Name("DPoP-Nonce")!: nonce])
                } ok: {
                    json(.ok, #"{"shops":[]}"#)
                }
            }
        }

        private func answer(
            _ request: Request, url: String, nonce: String, accessToken: Substring?, demand: (String) -> Response, ok: () -> Response
        ) throws -> Response {
            let proof = request.headers[values: HTTPField.Name("DPoP")!]
            _ = try verifier.verify(proof, method: request.method.rawValue, url: url, accessToken: accessToken)
            let claims = try JSONSerialization.jsonObject(with: Data(base64URLEncoded: proof[0].split(separator: ".")[1])!) as! [String: Any]
            guard claims["nonce"] as? String == nonce else {
                seen.withLock { $0.append("nonce?") }
                return demand(nonce)
            }
            seen.withLock { $0.append("ok") }
            return ok()
        }
    }

    @Test func aNonceDemandIsFollowedOnceWithTheNonceAtTheTokenEndpointAndTheResource() async throws {
        let server = NonceDemandingServer()
        let port = Mutex(0)
        try await withFakeServer({ server.addRoutes(to: $0, baseURL: { "http://127.0.0.1:\(port.withLock { $0 })" }) }) { baseURL in
            port.withLock { $0 = Int(baseURL.split(separator: ":").last!)! }
            let tokens = ClientCredentialsTokenSource(
                tokenURL: URL(string: baseURL + "/token")!, credentials: ClientCredentials(clientID: "app", clientSecret: "secret"),
                usesDPoP: true
            ).cached()
            let response = try await AuthorizedClient(tokenSource: tokens).send(HTTPRequestMessage(url: URL(string: baseURL + "/shops")!))
            #expect(response.status == 200)
            #expect(server.answers == ["nonce?", "ok", "nonce?", "ok"])
            let token = try await tokens.token()
            #expect(token.tokenType == "DPoP" && token.dpopKey != nil)
        }
    }

    /// A DPoP token's key goes wherever the token goes: written to a ``FileTokenStore`` and read back by another
    /// process, the token still comes with the key it is bound to.
    @Test func theKeyIsStoredWithItsToken() async throws {
        let key = DPoPKey()
        var token = AccessToken(value: Secret("tok"), tokenType: "DPoP", obtainedAt: Date(), expiresAt: nil)
        token.dpopPrivateKey = Secret(key.rawRepresentation.base64URLEncodedString())
        let path = TemporaryDirectory().path + "/tokens.json"
        try await FileTokenStore(path: path).save(token, for: "k")
        let read = try #require(try await FileTokenStore(path: path).token(for: "k"))
        #expect(read.dpopKey?.thumbprint == key.thumbprint && read.authorizationHeader == "DPoP tok")
        #expect(!"\(read)".contains(key.rawRepresentation.base64URLEncodedString()), "the key is a secret: never printed")
        // A Bearer token with a key is no DPoP token, and a DPoP token without its key cannot be used as one.
        token.tokenType = "Bearer"
        #expect(token.dpopKey == nil && token.authorizationHeader == "Bearer tok")
    }
}
