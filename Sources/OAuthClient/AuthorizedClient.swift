import Foundation
import OAuthCore

/// Calls APIs with a token attached (golang/oauth2's `Transport`), and handles what Orange answers about it.
///
/// - Sends `Authorization: Bearer <token>` (seed 002, "Use the OAuth access token"; RFC 6750 §2.1), or for a
///   DPoP-bound token `Authorization: DPoP <token>` with a new proof of its key on each request (RFC 9449 §7.1),
///   sending once more with the server's nonce when it asks for one (§9).
/// - On a 401 that refuses the token — Orange code 41 "Invalid credentials" or 42 "Expired credentials", or
///   `WWW-Authenticate: Bearer error="invalid_token"` (RFC 6750 §3.1) — drops the token, gets a new one
///   through the token source's single flight and replays the request **once**, when its body can be sent
///   again (what Orange's own Node token manager does).
/// - On a 403 with code 53 "Too many requests", waits `Retry-After` and sends once more, only when
///   ``Configuration/retriesWhenRateLimited`` allows it.
///
/// Any other answer is returned as it is; ``HTTPResponseMessage/ensureSuccess(now:)`` turns an error status
/// into an ``OAuthClientError``.
///
/// ```swift
/// let api = AuthorizedClient(tokenSource: tokens)
/// let response = try await api.send(HTTPRequestMessage(url: URL(string: "https://api.orange.com/poi/v1/shops?postalCode=35000")!))
/// let shops = try response.ensureSuccess().body
/// ```
public struct AuthorizedClient: Sendable {
    public struct Configuration: Sendable {
        /// Whether a 403 code 53 is sent again after its `Retry-After` (off: the caller decides).
        public var retriesWhenRateLimited = false
        /// A longer `Retry-After` is not waited for.
        public var maximumRetryWait: Duration = .seconds(10)
        public var now: @Sendable () -> Date = Date.init
        public var sleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }

        public init() {}
    }

    private let tokenSource: any TokenSource
    private let transport: any HTTPTransport
    private let configuration: Configuration

    public init(
        tokenSource: any TokenSource, transport: any HTTPTransport = AsyncHTTPClientTransport.shared,
        configuration: Configuration = Configuration()
    ) {
        self.tokenSource = tokenSource
        self.transport = transport
        self.configuration = configuration
    }

    /// Sends `request` with a token, replaying it once if the token was refused.
    public func send(_ request: HTTPRequestMessage) async throws -> HTTPResponseMessage {
        let token = try await tokenSource.token()
        var response = try await send(request, with: token)
        if response.withdrawsConsent {
            throw OAuthClientError.signInRequired("the user withdrew the consent (no consent has been found)", from: response)
        }
        if response.refusesToken, request.isReplayable {
            try await tokenSource.invalidate(token)
            response = try await send(request, with: try await tokenSource.token())
        }
        if configuration.retriesWhenRateLimited, response.isOrangeRateLimit, request.isReplayable,
            let wait = response.retryAfter(now: configuration.now()), wait <= configuration.maximumRetryWait
        {
            try await configuration.sleep(wait)
            response = try await send(request, with: try await tokenSource.token())
        }
        return response
    }

    /// Sends `request` with `token`, and with a proof of its key when it is DPoP-bound.
    private func send(_ request: HTTPRequestMessage, with token: AccessToken) async throws -> HTTPResponseMessage {
        try await transport.send(
            request.authorized(with: token), provenBy: token.dpopKey, accessToken: token.value.revealed, now: configuration.now)
    }
}

extension HTTPRequestMessage {
    func authorized(with token: AccessToken) -> HTTPRequestMessage {
        var request = self
        request.headers["Authorization"] = token.authorizationHeader
        return request
    }
}

extension HTTPResponseMessage {
    /// A 401 about the token itself: Orange codes 41 and 42, or RFC 6750's `invalid_token`.
    var refusesToken: Bool {
        guard status == 401 else { return false }
        if let code = errorBody?.orangeError?.code, [OrangeError.invalidCredentials.code, OrangeError.expiredCredentials.code].contains(code) {
            return true
        }
        return headers["WWW-Authenticate"]?.contains(#"error="invalid_token""#) ?? false
    }

    /// Seed 003: `401 {"code": 41, …, "description": "no consent has been found"}`, the user withdrew the consent.
    /// No new token can help: the user must sign in again.
    var withdrawsConsent: Bool {
        status == 401 && errorBody?.orangeError?.description == OrangeError.noConsent.description
    }

    /// Orange's 403 code 53, "Too many requests".
    var isOrangeRateLimit: Bool {
        status == 403 && errorBody?.orangeError?.code == OrangeError.tooManyRequests.code
    }

    /// The response itself when its status is 2xx; otherwise an ``OAuthClientError`` with the status, the
    /// error body, `X-OAPI-Request-Id` and `Retry-After` (like .NET's `EnsureSuccessStatusCode` in seed 004).
    public func ensureSuccess(now: Date = Date()) throws(OAuthClientError) -> HTTPResponseMessage {
        guard isSuccess else { throw OAuthClientError(response: self, fromTokenEndpoint: false, now: now) }
        return self
    }
}
