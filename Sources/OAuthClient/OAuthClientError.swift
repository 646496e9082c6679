import Foundation
import OAuthCore

/// Everything that can go wrong in this library, with what the server said and what to do about it.
///
/// Compare with the static members to tell which error it is (new ones may be added; switch over
/// ``remedy`` instead to decide what to do):
///
/// ```swift
/// do {
///     let token = try await tokens.token()
/// } catch let error as OAuthClientError where error.remedy == .retryLater {
///     // wait error.retryAfter, then try again
/// }
/// ```
public struct OAuthClientError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Code: Sendable {
        case insecureURL, transportFailed, invalidResponse, tokenRequestRefused, requestRefused
        case tokenRequestBudgetExhausted, coolingDown, invalidConfiguration
        case signInRequired, accessDenied, loginRequired, consentRequired, authorizationRefused, invalidCallback
        case invalidIDToken, deviceCodeExpired
    }

    /// What the caller should do about an error.
    public enum Remedy: Sendable, CaseIterable {
        /// The URL, the credentials or the subscription are wrong: retrying will not help.
        case fixConfiguration
        /// The access token was refused: get a new one (``AuthorizedClient`` already did, once).
        case reauthenticate
        /// The server or this library limits the rate: wait ``OAuthClientError/retryAfter``.
        case retryLater
        /// The network or the server failed: retrying soon may work.
        case transient
        /// The user's sign-in is over (consent withdrawn, refresh token revoked or expired, user locked) or was
        /// refused: start a new authorization; retrying will not help.
        case signInAgain
    }

    private let code: Code
    public let remedy: Remedy
    /// The HTTP status of the answer, when there was one.
    public let status: Int?
    /// The RFC 6749 error of a token endpoint's answer (§5.2).
    public let oauthError: OAuthError?
    /// Orange's `{code, message, description}` error.
    public let orangeError: OrangeError?
    /// `X-OAPI-Request-Id`, to quote when asking for support.
    public let requestID: String?
    /// How long to wait before trying again, from `Retry-After` or this library's own limits.
    public let retryAfter: Duration?
    /// What happened, in words.
    public let detail: String

    private init(
        _ code: Code, _ remedy: Remedy, _ detail: String = "", status: Int? = nil, body: ErrorBody? = nil,
        requestID: String? = nil, retryAfter: Duration? = nil
    ) {
        self.code = code
        self.remedy = remedy
        self.detail = detail
        self.status = status
        self.oauthError = body?.oauthError
        self.orangeError = body?.orangeError
        self.requestID = requestID
        self.retryAfter = retryAfter
    }

    /// Errors are the same kind when their codes are; the details may differ.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }

    /// An `http://` URL to another host than loopback (seed 000: "Orange APIs only support HTTPS with TLS 1.2").
    public static let insecureURL = Self(.insecureURL, .fixConfiguration)
    /// The connection failed, timed out or TLS was refused.
    public static let transportFailed = Self(.transportFailed, .transient)
    /// The server answered something that is not what the protocol says.
    public static let invalidResponse = Self(.invalidResponse, .transient)
    /// The token endpoint answered with an error (RFC 6749 §5.2, seed 002's error table).
    public static let tokenRequestRefused = Self(.tokenRequestRefused, .fixConfiguration)
    /// An API answered with an error status.
    public static let requestRefused = Self(.requestRefused, .fixConfiguration)
    /// This process already made its token requests for the minute (seed 002: "limited to 50 requests per minute").
    public static let tokenRequestBudgetExhausted = Self(.tokenRequestBudgetExhausted, .retryLater)
    /// A recent token request was refused with `Retry-After`, which has not passed yet.
    public static let coolingDown = Self(.coolingDown, .retryLater)
    /// A setting cannot work (a malformed header, a URL without a host).
    public static let invalidConfiguration = Self(.invalidConfiguration, .fixConfiguration)
    /// The user must sign in again: a refresh got `invalid_grant`, or an API said seed 003's "no consent has been
    /// found", or there is no refresh token.
    public static let signInRequired = Self(.signInRequired, .signInAgain)
    /// The user refused the consent (seed 003: `access_denied`, "consent denied").
    public static let accessDenied = Self(.accessDenied, .signInAgain)
    /// `prompt=none` and the user is not signed in (seed 003: `login_required`).
    public static let loginRequired = Self(.loginRequired, .signInAgain)
    /// `prompt=none` and the user has not consented (seed 003: `consent_required`).
    public static let consentRequired = Self(.consentRequired, .signInAgain)
    /// Another error of seed 003's authorize list (`invalid_scope`, `invalid_request`, `server_error`, …): see
    /// ``oauthError``.
    public static let authorizationRefused = Self(.authorizationRefused, .signInAgain)
    /// The callback is not the answer to a request of this flow: unknown, replayed or expired `state`, or an
    /// `iss` that is not the provider's (RFC 6749 §10.12, RFC 9207). Possibly an attack; never retried.
    public static let invalidCallback = Self(.invalidCallback, .signInAgain)
    /// The ID token failed verification (signature, `iss`, `aud`, `azp`, `exp`, `nonce`, `at_hash`, `auth_time`).
    public static let invalidIDToken = Self(.invalidIDToken, .signInAgain)
    /// The user did not approve the device in time (RFC 8628 §3.5: `expired_token`): start a new device authorization.
    public static let deviceCodeExpired = Self(.deviceCodeExpired, .signInAgain)

    static func signInRequired(_ detail: String, from response: HTTPResponseMessage? = nil) -> Self {
        Self(.signInRequired, .signInAgain, detail, status: response?.status, body: response?.errorBody, requestID: response?.requestID)
    }

    /// The error a callback carries (seed 003, "When calling the Authorize endpoint").
    static func authorization(_ error: OAuthError) -> Self {
        let code: Code =
            switch error.error {
            case .accessDenied: .accessDenied
            case .loginRequired: .loginRequired
            case .consentRequired: .consentRequired
            default: .authorizationRefused
            }
        let said = [error.error.rawValue, error.errorDescription].compactMap { $0 }.joined(separator: ": ")
        return Self(code, .signInAgain, "the authorization was refused: " + said, body: .oauth(error))
    }

    static func deviceCodeExpired(_ detail: String, from response: HTTPResponseMessage? = nil) -> Self {
        Self(.deviceCodeExpired, .signInAgain, detail, status: response?.status, body: response?.errorBody, requestID: response?.requestID)
    }

    static func invalidCallback(_ detail: String) -> Self { Self(.invalidCallback, .signInAgain, detail) }

    static func invalidIDToken(_ detail: String) -> Self { Self(.invalidIDToken, .signInAgain, "ID token refused: " + detail) }

    static func insecureURL(_ url: URL) -> Self {
        Self(.insecureURL, .fixConfiguration, "refusing \(url.redactingQuery): use https:// (plain http:// only to loopback)")
    }

    static func transportFailed(_ error: any Error, url: URL) -> Self {
        Self(.transportFailed, .transient, "\(url.redactingQuery) could not be reached: \(error)")
    }

    /// The answer, body included, did not arrive within the transport's timeout.
    static func timedOut(after limit: Duration, url: URL) -> Self {
        Self(.transportFailed, .transient, "\(url.redactingQuery) gave no complete answer within \(limit)")
    }

    static func invalidResponse(_ detail: String, from response: HTTPResponseMessage) -> Self {
        Self(.invalidResponse, .transient, detail, status: response.status, requestID: response.requestID)
    }

    static func invalidConfiguration(_ detail: String) -> Self {
        Self(.invalidConfiguration, .fixConfiguration, detail)
    }

    static func budgetExhausted(limit: Int, retryAfter: Duration) -> Self {
        Self(.tokenRequestBudgetExhausted, .retryLater,
            "this process already made \(limit) token requests in the last minute (seed 002 allows 50)", retryAfter: retryAfter)
    }

    /// The same refusal again without asking, until its `Retry-After` has passed.
    func coolingDown(remaining: Duration) -> Self {
        Self(.coolingDown, .retryLater, "not asking again before Retry-After: " + detail, status: status,
            body: oauthError.map(ErrorBody.oauth) ?? orangeError.map(ErrorBody.orange), requestID: requestID,
            retryAfter: remaining)
    }

    /// An error answer, classified. `fromTokenEndpoint` tells a refused client (fix the credentials) from a
    /// refused access token (get another one).
    init(response: HTTPResponseMessage, fromTokenEndpoint: Bool, now: Date) {
        let body = response.errorBody
        let retryAfter = response.retryAfter(now: now)
        let remedy: Remedy
        switch (response.status, body?.orangeError?.code) {
        case (429, _), (403, 53): remedy = .retryLater
        case (503, _) where retryAfter != nil: remedy = .retryLater
        case (401, _): remedy = fromTokenEndpoint ? .fixConfiguration : .reauthenticate
        case (500..., _), (408, _): remedy = .transient
        default: remedy = .fixConfiguration
        }
        let said = body.map(Self.describe) ?? Self.redirect(response).map { "a redirect to \($0), not followed" } ?? "no error body"
        self.init(
            fromTokenEndpoint ? .tokenRequestRefused : .requestRefused, remedy,
            "\(fromTokenEndpoint ? "token request" : "request") refused with HTTP \(response.status): \(said)",
            status: response.status, body: body, requestID: response.requestID, retryAfter: retryAfter)
    }

    /// Where a redirect answer points, without its query: a token request follows none
    /// (``HTTPRequestMessage/followsRedirects``), so that the caller can fix the URL.
    private static func redirect(_ response: HTTPResponseMessage) -> String? {
        guard (300..<400).contains(response.status), let location = response.headers["Location"] else { return nil }
        return URL(string: location).map(\.redactingQuery) ?? "<location>"
    }

    private static func describe(_ body: ErrorBody) -> String {
        switch body {
        case .oauth(let error): [error.error.rawValue, error.errorDescription].compactMap { $0 }.joined(separator: ": ")
        case .orange(let error): "code \(error.code) \(error.message)" + (error.description.isEmpty ? "" : ": " + error.description)
        }
    }

    /// One line: what happened, what to do, the request id.
    public var description: String {
        var line = detail.isEmpty ? "\(code)" : detail
        switch remedy {
        case .fixConfiguration: line += " — check the URL, the credentials and the subscription"
        case .reauthenticate: line += " — the access token was refused"
        case .retryLater: line += retryAfter.map { " — retry in \($0.components.seconds) s" } ?? " — retry later"
        case .transient: line += " — retry soon"
        case .signInAgain: line += " — sign the user in again"
        }
        if let requestID { line += " (request id \(requestID))" }
        return line
    }
}

extension URL {
    /// The URL without its query, which may carry a secret: what logs and errors show.
    var redactingQuery: String {
        guard var components = URLComponents(url: self, resolvingAgainstBaseURL: false) else { return "<url>" }
        if components.query != nil { components.query = "…" }
        components.user = nil
        components.password = nil
        return components.string ?? "<url>"
    }
}
