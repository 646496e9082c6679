import Foundation

/// The error body of Orange's API gateway: `{"code": N, "message": "...", "description": "..."}`.
///
/// Seed 003 shows codes 41, 50 and 53; the rest of the catalogue comes from Orange's public documentation
/// (see ARCHITECTURE.md). The platform answers with these for refusals made at the HTTP level, before a
/// request reaches the OAuth logic (406, 413, 415, 429) and for every gateway error.
public struct OrangeError: Error, Codable, Hashable, Sendable {
    public var code: Int
    public var message: String
    public var description: String

    public init(code: Int, message: String, description: String) {
        self.code = code
        self.message = message
        self.description = description
    }

    /// The same catalogue entry with a more specific description.
    public func describing(_ description: String) -> OrangeError {
        OrangeError(code: code, message: message, description: description)
    }

    /// The body as the platform sends it: JSON with sorted keys and unescaped slashes.
    public var jsonBody: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Three strings and an integer always encode.
        return (try? encoder.encode(self)) ?? Data()
    }
}

extension OrangeError {
    // Codes, messages and the descriptions seed 003 shows are Orange's; the other descriptions are ours.
    public static let internalError = OrangeError(
        code: 1, message: "Internal error", description: "The server encountered an unexpected condition.")
    public static let serviceUnavailable = OrangeError(
        code: 5, message: "Service unavailable", description: "The backend of this API cannot be reached.")
    public static let overCapacity = OrangeError(
        code: 6, message: "Service over capacity", description: "The service is over capacity; retry later.")
    /// A request the server cannot read as HTTP (RFC 9112 §6.3, §7.1: a broken chunk, a body shorter than its
    /// `Content-Length`), answered 400; and the heads too large to read, answered 414 and 431.
    public static let badRequest = OrangeError(
        code: 20, message: "Bad request", description: "The request is not valid HTTP: its body is malformed or incomplete.")
    public static let requestTargetTooLong = badRequest.describing("The request target is longer than the server accepts.")
    public static let headerSectionTooLarge = badRequest.describing("The request's header fields are larger than the server accepts.")
    // Orange's body errors (codes 21–24), which the developer portal's JSON API answers (issue 12, item 4).
    public static let missingBody = OrangeError(code: 21, message: "Missing body", description: "The request needs a JSON body.")
    public static let invalidBody = OrangeError(code: 22, message: "Invalid body", description: "The request body is not a JSON object.")
    public static let missingBodyField = OrangeError(
        code: 23, message: "Missing body field", description: "A required member of the request body is missing.")
    public static let invalidBodyField = OrangeError(
        code: 24, message: "Invalid body field", description: "A member of the request body has a value that is not valid.")
    /// A header that the API's OpenAPI document requires is absent (issue 18: the gateway enforces the contract).
    public static let missingHeader = OrangeError(
        code: 25, message: "Missing header", description: "A required header is missing.")
    /// A header has a value that the API's OpenAPI document does not allow.
    public static let invalidHeader = OrangeError(
        code: 26, message: "Invalid header value", description: "A header has a value that is not valid.")
    /// A query-string parameter that the API's OpenAPI document requires is absent.
    public static let missingQueryParameter = OrangeError(
        code: 27, message: "Missing query-string parameter", description: "A required query-string parameter is missing.")
    /// Orange's generic error for a query-string parameter with a value that is not valid.
    public static let invalidQueryParameter = OrangeError(
        code: 28, message: "Invalid query-string parameter", description: "A query-string parameter has a value that is not valid.")
    public static let missingCredentials = OrangeError(
        code: 40, message: "Missing credentials", description: "The request has no Authorization header with a Bearer token.")
    public static let invalidCredentials = OrangeError(
        code: 41, message: "Invalid credentials", description: "The access token is unknown or revoked.")
    public static let expiredCredentials = OrangeError(
        code: 42, message: "Expired credentials", description: "The access token has expired.")
    public static let accessDenied = OrangeError(
        code: 50, message: "Access Denied",
        description: "The application that makes the request is not authorized to access this endpoint (ex: not a subscribed service).")
    public static let forbiddenRequester = OrangeError(
        code: 51, message: "Forbidden requester", description: "The application has been suspended.")
    public static let forbiddenUser = OrangeError(
        code: 52, message: "Forbidden user", description: "The end user may not use this service.")
    public static let tooManyRequests = OrangeError(
        code: 53, message: "Too Many Requests",
        description: "The application has made too many calls and has exceeded the rate limit for this service.")
    public static let resourceNotFound = OrangeError(
        code: 60, message: "Resource not found", description: "The requested URI or the requested resource does not exist.")
    public static let methodNotAllowed = OrangeError(
        code: 61, message: "Method not allowed", description: "The URI does not support the requested method.")
    public static let notAcceptable = OrangeError(
        code: 62, message: "Not acceptable", description: "The Accept header must include application/json.")
    public static let entityTooLarge = OrangeError(
        code: 66, message: "Entity too large", description: "The request body is larger than the server accepts.")
    public static let unsupportedMediaType = OrangeError(
        code: 68, message: "Unsupported media type",
        description: "The request body must be application/x-www-form-urlencoded.")
    /// Seed 003, "Error management with access token": the end user withdrew the consent.
    public static let noConsent = invalidCredentials.describing("no consent has been found")
}
