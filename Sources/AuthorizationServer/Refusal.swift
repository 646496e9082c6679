import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOFoundationCompat
import OAuthCore
import PlatformPages
import PlatformServices
import PlatformStore

/// A request the authorization server answers with an error: the status, the headers and a JSON body that is
/// either an RFC 6749 error or, for refusals at the HTTP level, an Orange catalogue error.
struct Refusal: Error {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: Body

    enum Body {
        case oauth(OAuthError)
        case orange(OrangeError)
    }

    init(_ status: HTTPResponse.Status, _ error: OAuthError, headers: HTTPFields = [:]) {
        self.status = status
        self.headers = headers
        body = .oauth(error)
    }

    init(_ status: HTTPResponse.Status, _ error: OrangeError, headers: HTTPFields = [:]) {
        self.status = status
        self.headers = headers
        body = .orange(error)
    }

    var response: Response {
        var headers = headers
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-store"
        headers[.pragma] = "no-cache"
        let bytes =
            switch body {
            case .oauth(let error): JSONBody.encode(error)
            case .orange(let error): JSONBody.encode(error)
            }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: bytes))
    }

    /// How usage counts it (issue 13): an Orange refusal by its code; an OAuth error as the client's (4xx) or the
    /// platform's failure (5xx).
    var usageOutcome: UsageOutcome {
        switch body {
        case .orange(let error): .refused(code: error.code)
        case .oauth: status.kind == .serverError ? .upstreamFailure : .clientError
        }
    }

    /// The same refusal in seed 003's wording, which drops the final period of seed 002's descriptions.
    var withoutFinalPeriod: Refusal {
        guard case .oauth(let error) = body else { return self }
        var copy = self
        copy.body = .oauth(error.withoutFinalPeriod)
        return copy
    }
}

extension Refusal {
    /// 401 answers name the Basic scheme, as seed 002's example shows.
    static func unauthorized(_ error: OAuthError) -> Refusal {
        Refusal(.unauthorized, error, headers: [.wwwAuthenticate: #"Basic realm="Authorization Required""#])
    }

    static let methodNotSupported = Refusal(.badRequest, OAuthError.methodNotSupported, headers: [.allow: "POST"])
    static let resourceNotFound = Refusal(.badRequest, OAuthError.resourceNotFound)
    static let notAcceptable = Refusal(.notAcceptable, OrangeError.notAcceptable)
    static let unsupportedMediaType = Refusal(.unsupportedMediaType, OrangeError.unsupportedMediaType)
    static let entityTooLarge = Refusal(.contentTooLarge, OrangeError.entityTooLarge)
    static let syntaxError = Refusal(.badRequest, OAuthError.syntaxError)
    /// A body whose framing broke (RFC 9112 §6.3, §7.1): the connection cannot carry another request.
    static let malformedBody = Refusal(.badRequest, OAuthError.syntaxError, headers: [.connection: "close"])
    static let duplicateCredentials = Refusal(.badRequest, OAuthError.duplicateCredentials)
    static let missingParameters = Refusal(.badRequest, OAuthError.missingParameters)
    static let invalidGrantType = Refusal(.badRequest, OAuthError.invalidGrantType)
    static let notSubscribed = Refusal(.badRequest, OAuthError.notSubscribed)
    static let noCredentials = unauthorized(.noCredentials)
    static let invalidCredentials = unauthorized(.invalidCredentials)
    static let outdatedCredentials = unauthorized(.outdatedCredentials)
    static let internalError = Refusal(.internalServerError, OrangeError.internalError)
    /// A dependency of the answer (the shared limiter's database) is unreachable: try again in a second.
    static let serviceUnavailable = Refusal(.serviceUnavailable, OrangeError.serviceUnavailable, headers: [.retryAfter: "1"])

    /// An authenticated application that the operator has not allowed to introspect (issue 16, item 2). RFC 7662
    /// §2.3 keeps `{"active": false}` for a "properly formed and authorized query", which this is not; the client is
    /// known, so not 401 (RFC 9110 §15.5.4: 403, the server refuses to fulfil it), and RFC 6749 §5.2's
    /// `unauthorized_client` ("not authorized to use this authorization grant type") is the error that fits.
    static let introspectionNotAllowed = Refusal(
        .forbidden, OAuthError(.unauthorizedClient, "The application is not allowed to introspect tokens."))

    static func repeatedParameter(_ name: String) -> Refusal {
        Refusal(.badRequest, OAuthError(.invalidRequest, "The parameter \(name) must not be repeated."))
    }

    /// Seed 002: "When the rate limit is exceeded, you will receive a 429 error."
    static func tooManyRequests(_ decision: RateLimitDecision) -> Refusal {
        Refusal(
            .tooManyRequests,
            OrangeError.tooManyRequests.describing(
                "The application has made too many token requests. A token is valid for 60 minutes: reuse it."),
            headers: HTTPFields(decision.headerFields.compactMap { field in
                HTTPField.Name(field.name).map { HTTPField(name: $0, value: field.value) }
            }))
    }
}

extension Refusal {
    /// `authorization_pending` or `slow_down` (RFC 8628 §3.5): what a device is told while its user has not decided.
    var asksADeviceToWait: Bool {
        guard case .oauth(let error) = body else { return false }
        return error.error == .authorizationPending || error.error == .slowDown
    }

    /// Logs the refusal (never a secret: the client_id and a reason) and returns it, for `throw`.
    func logged(by logger: Logger, _ message: Logger.Message, clientID: String?, reason: String) -> Refusal {
        logger.log(level: status.code >= 500 ? .error : .info, message, metadata: ["client_id": "\(clientID ?? "-")", "status": "\(status.code)", "reason": "\(reason)"])
        return self
    }
}

extension Response {
    /// A token endpoint's success (RFC 6749 §5.1): JSON, never cached.
    static func token(_ body: TokenResponse) -> Response {
        uncached(body)
    }

    /// JSON that no cache may keep (RFC 6749 §5.1; RFC 7662 §2.2 answers are as sensitive as the tokens).
    static func uncached(_ body: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json", .cacheControl: "no-store", .pragma: "no-cache"],
            body: ResponseBody(byteBuffer: JSONBody.encode(body)))
    }
}

/// JSON bodies with a stable key order.
enum JSONBody {
    static func encode(_ value: some Encodable) -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding these plain structs cannot fail.
        return ByteBuffer(data: (try? encoder.encode(value)) ?? Data("{}".utf8))
    }
}
