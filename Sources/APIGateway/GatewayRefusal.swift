import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOFoundationCompat
import OAuthCore
import PlatformServices
import PlatformStore

/// A gateway answer with Orange's error body `{"code","message","description"}`, encoded once (issue 3).
struct GatewayRefusal: Error, Sendable {
    var status: HTTPResponse.Status
    /// The Orange code of the body, which usage counts the refusal by (issue 13).
    var code: Int
    var headers: HTTPFields
    var body: ByteBuffer

    init(_ status: HTTPResponse.Status, _ error: OrangeError, headers: HTTPFields = [:]) {
        self.init(status: status, code: error.code, headers: headers, body: ByteBuffer(data: error.jsonBody))
    }

    init(status: HTTPResponse.Status, code: Int, headers: HTTPFields, body: ByteBuffer) {
        self.status = status
        self.code = code
        self.headers = headers
        self.body = body
    }

    func response() -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: body))
    }

    /// The same refusal carrying a limiter's `Retry-After` and `RateLimit-*` fields.
    func with(_ decision: RateLimitDecision) -> GatewayRefusal {
        var copy = self
        copy.headers.append(contentsOf: HTTPFields(decision: decision))
        return copy
    }
}

extension GatewayRefusal {
    /// RFC 6750 §3: no error code when the request carried no token at all.
    static let missingCredentials = GatewayRefusal(
        .unauthorized, .missingCredentials, headers: [.wwwAuthenticate: #"Bearer realm="Orangerie""#])
    static let expiredCredentials = GatewayRefusal(
        .unauthorized, .expiredCredentials,
        headers: [.wwwAuthenticate: #"Bearer realm="Orangerie", error="invalid_token", error_description="The access token expired""#])
    /// Seed 003, "Error management with access token": the end user withdrew the consent.
    static let noConsent = GatewayRefusal(
        .unauthorized, .noConsent,
        headers: [.wwwAuthenticate: #"Bearer realm="Orangerie", error="invalid_token", error_description="no consent has been found""#])
    /// RFC 9449 §7.1: a DPoP-bound token without a valid proof of its key, or a bearer token where DPoP is required;
    /// Orange's code 41.
    static func unprovenPossession(_ refusal: PossessionRefusal) -> GatewayRefusal {
        GatewayRefusal(
            .unauthorized, OrangeError.invalidCredentials.describing(refusal.description), headers: [.wwwAuthenticate: refusal.challenge])
    }
    static let forbiddenRequester = GatewayRefusal(.forbidden, .forbiddenRequester)
    /// RFC 6750 §3.1 `insufficient_scope`, with Orange's code 50.
    static let scopeNotGranted = GatewayRefusal(
        .forbidden, OrangeError.accessDenied.describing("The user did not grant this application a scope of this API."),
        headers: [.wwwAuthenticate: #"Bearer realm="Orangerie", error="insufficient_scope""#])
    static let accessDenied = GatewayRefusal(.forbidden, .accessDenied)
    static let resourceNotFound = GatewayRefusal(.notFound, .resourceNotFound)
    static let methodNotAllowed = methodNotAllowed(allowing: UpstreamProxy.methods.map(\.rawValue))
    /// RFC 9110 §15.5.6: a 405 names the methods the resource supports.
    static func methodNotAllowed(allowing methods: [String]) -> GatewayRefusal {
        GatewayRefusal(.methodNotAllowed, .methodNotAllowed, headers: [.allow: methods.joined(separator: ", ")])
    }
    /// Issue 18, item 2: a body larger than the API's `--max-body`.
    static let entityTooLarge = GatewayRefusal(.contentTooLarge, OrangeError.entityTooLarge.describing("The request body is larger than this API accepts."))
    /// The API's policy cannot be applied (its document no longer compiles, its backend's secret does not open):
    /// nothing is forwarded that the policy would not let through.
    static let policyUnavailable = GatewayRefusal(
        .serviceUnavailable, OrangeError.serviceUnavailable.describing("The gateway cannot apply this API's policy."))
    /// Issue 18, item 3: the backend's authorization server gave the gateway no token.
    static let backendAuthenticationFailed = GatewayRefusal(
        .serviceUnavailable, OrangeError.serviceUnavailable.describing("The gateway could not authenticate to the backend of this API."))
    /// RFC 9112 §6.3, §7.1: the client's body could not be read as HTTP.
    static let badRequest = GatewayRefusal(.badRequest, .badRequest)
    static let serviceUnavailable = GatewayRefusal(.serviceUnavailable, .serviceUnavailable)
    static let gatewayTimeout = GatewayRefusal(
        .gatewayTimeout, OrangeError.serviceUnavailable.describing("The backend of this API did not answer in time."))
    static let tooManyRequestsForbidden = GatewayRefusal(.forbidden, .tooManyRequests)
    static let tooManyRequests = GatewayRefusal(.tooManyRequests, .tooManyRequests)

    private static let invalidHeaders: HTTPFields = [
        .wwwAuthenticate: #"Bearer realm="Orangerie", error="invalid_token", error_description="The access token is unknown or revoked""#
    ]
    private static let invalidPrefix = ByteBuffer(string: #"{"code":41,"description":"access token resource "#)
    private static let invalidSuffix = ByteBuffer(string: #" not found","message":"Invalid credentials"}"#)
    private static let tokenCharacters = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/=")
    private static let invalidAny = GatewayRefusal(
        .unauthorized, OrangeError.invalidCredentials.describing("access token resource not found"), headers: invalidHeaders)

    /// Seed 003: `"description": "access token resource OFR_6KRHymujFP8s...73f257a401127949b not found"`. The
    /// token is shown shortened, as in the seed, and only when it is made of token characters (RFC 6750 §2.1
    /// `b64token`), which need no JSON escaping.
    static func invalidCredentials(token: Substring) -> GatewayRefusal {
        guard token.count <= 4096, token.allSatisfy(tokenCharacters.contains) else { return invalidAny }
        let shown = token.count > 24 ? token.prefix(8) + "..." + token.suffix(8) : token
        var body = invalidPrefix
        body.writeSubstring(shown)
        body.writeImmutableBuffer(invalidSuffix)
        return GatewayRefusal(status: .unauthorized, code: OrangeError.invalidCredentials.code, headers: invalidHeaders, body: body)
    }
}
