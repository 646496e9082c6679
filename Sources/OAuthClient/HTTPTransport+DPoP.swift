import Foundation
import OAuthCore

extension HTTPRequestMessage {
    /// This request with a `DPoP` proof of `key` (RFC 9449 §4.1) for its method and URL, naming `accessToken` when the
    /// request presents one (`ath`), with the server's `nonce` when it asked for one.
    public func proven(by key: DPoPKey, accessToken: String? = nil, nonce: String? = nil, now: Date = Date()) async throws -> HTTPRequestMessage {
        var request = self
        request.headers["DPoP"] = try await key.proof(method: method, url: url, accessToken: accessToken, nonce: nonce, now: now)
        return request
    }
}

extension HTTPResponseMessage {
    /// The server's nonce when it refused a proof for lacking it (RFC 9449 §8: 400 `use_dpop_nonce` from a token
    /// endpoint; §9: 401 with `error="use_dpop_nonce"` from a resource), with `DPoP-Nonce`.
    var demandedDPoPNonce: String? {
        guard let nonce = headers["DPoP-Nonce"], !nonce.isEmpty else { return nil }
        switch status {
        case 400: return errorBody?.oauthError?.error == .useDPoPNonce ? nonce : nil
        case 401: return headers["WWW-Authenticate"]?.contains(#"error="use_dpop_nonce""#) == true ? nonce : nil
        default: return nil
        }
    }
}

extension HTTPTransport {
    /// Sends `request` with a proof of `key`, if any; when the server asks for a nonce, sends it once more with a proof
    /// that carries it, if the body can be sent again.
    func send(_ request: HTTPRequestMessage, provenBy key: DPoPKey?, accessToken: String? = nil, now: @Sendable () -> Date) async throws
        -> HTTPResponseMessage
    {
        guard let key else { return try await send(request) }
        let response = try await send(try await request.proven(by: key, accessToken: accessToken, now: now()))
        guard let nonce = response.demandedDPoPNonce, request.isReplayable else { return response }
        return try await send(try await request.proven(by: key, accessToken: accessToken, nonce: nonce, now: now()))
    }
}
