import HTTPTypes
import Hummingbird
import OAuthCore
import PlatformServices

extension HTTPField.Name {
    static let dpop = HTTPField.Name(DPoPProofVerifier.headerName)!
}

extension DPoPProofVerifier {
    /// RFC 9449 §5: the key a token request's DPoP proof binds the access token to, nil for a request without one;
    /// 400 `invalid_dpop_proof` for a proof that fails a check.
    func boundKey(ofTokenRequest request: Request, issuer: Issuer) throws(Refusal) -> String? {
        let proofs = request.headers[values: .dpop]
        guard !proofs.isEmpty else { return nil }
        do {
            return try verify(proofs, method: request.method.rawValue, url: issuer.url(of: request), accessToken: nil).keyThumbprint
        } catch {
            throw Refusal(.badRequest, OAuthError(.invalidDPoPProof, error.description))
        }
    }
}

extension Issuer {
    /// The URI `request` was addressed to, without its query: what a DPoP proof's `htu` names (RFC 9449 §4.3).
    func url(of request: Request) -> String {
        baseURL(forAuthority: request.head.authority) + request.uri.path
    }
}
