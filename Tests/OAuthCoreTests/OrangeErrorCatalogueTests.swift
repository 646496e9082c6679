import OAuthCore
import Testing

/// Every entry of Orange's error catalogue, code and message as ARCHITECTURE.md lists them, with seed 003's own
/// spelling where it shows one ("Access Denied", "Too Many Requests").
@Suite struct OrangeErrorCatalogueTests {
    static let catalogue: [(OrangeError, Int, String)] = [
        (.internalError, 1, "Internal error"),
        (.serviceUnavailable, 5, "Service unavailable"),
        (.overCapacity, 6, "Service over capacity"),
        (.badRequest, 20, "Bad request"),
        (.requestTargetTooLong, 20, "Bad request"),
        (.headerSectionTooLarge, 20, "Bad request"),
        (.missingBody, 21, "Missing body"),
        (.invalidBody, 22, "Invalid body"),
        (.missingBodyField, 23, "Missing body field"),
        (.invalidBodyField, 24, "Invalid body field"),
        (.missingHeader, 25, "Missing header"),
        (.invalidHeader, 26, "Invalid header value"),
        (.missingQueryParameter, 27, "Missing query-string parameter"),
        (.invalidQueryParameter, 28, "Invalid query-string parameter"),
        (.missingCredentials, 40, "Missing credentials"),
        (.invalidCredentials, 41, "Invalid credentials"),
        (.noConsent, 41, "Invalid credentials"),
        (.expiredCredentials, 42, "Expired credentials"),
        (.accessDenied, 50, "Access Denied"),
        (.forbiddenRequester, 51, "Forbidden requester"),
        (.forbiddenUser, 52, "Forbidden user"),
        (.tooManyRequests, 53, "Too Many Requests"),
        (.resourceNotFound, 60, "Resource not found"),
        (.methodNotAllowed, 61, "Method not allowed"),
        (.notAcceptable, 62, "Not acceptable"),
        (.entityTooLarge, 66, "Entity too large"),
        (.unsupportedMediaType, 68, "Unsupported media type"),
    ]

    @Test(arguments: catalogue.indices)
    func entryMatchesTheCatalogue(_ index: Int) {
        let (error, code, message) = Self.catalogue[index]
        #expect(error.code == code)
        #expect(error.message == message)
        #expect(!error.description.isEmpty)
    }

    @Test func theBodyHasSortedKeysAndUnescapedSlashes() {
        let body = String(decoding: OrangeError.methodNotAllowed.describing("a/b").jsonBody, as: UTF8.self)
        #expect(body == #"{"code":61,"description":"a/b","message":"Method not allowed"}"#)
    }
}
