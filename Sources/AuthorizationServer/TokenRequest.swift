import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OAuthCore
import PlatformPages

/// The parts of a token request that the ``ClientAuthenticator`` and the grant handlers read, once the
/// HTTP-level checks have passed.
package struct TokenRequest {
    /// Form parameters, each present at most once (RFC 6749 §3.2: "Request and response parameters MUST NOT
    /// be included more than once").
    var parameters: [String: String]
    /// The values of the `Authorization` header fields, for client authentication.
    var authorization: [String]

    /// Reads and checks a token request, in the order a client can fix its mistakes: method, `Accept`,
    /// content type and size, syntax. Credentials come next, from the ``ClientAuthenticator``.
    /// `requiresJSONAccept` is seed 002's rule for `/oauth/v3/token`; seed 003's token endpoint has no such rule.
    static func read(_ request: Request, maximumBodySize: Int, requiresJSONAccept: Bool = true) async throws(Refusal) -> TokenRequest {
        guard request.method == .post else { throw .methodNotSupported }
        guard !requiresJSONAccept || acceptsJSON(request.headers[values: .accept]) else { throw .notAcceptable }
        // The type every client sends, exactly, is not parsed (1.5 % of a token request's CPU, issue 15, item 2).
        if let contentType = request.headers[.contentType], contentType != "application/x-www-form-urlencoded",
            MediaType(from: contentType)?.isType(.applicationUrlEncoded) != true
        {
            throw .unsupportedMediaType
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maximumBodySize {
            throw .entityTooLarge
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: maximumBodySize)
        } catch is NIOTooManyBytesError {
            throw .entityTooLarge
        } catch {
            // A truncated body, a bad chunk size: the client's framing error (RFC 9112 §6.3, §7.1), not a size.
            throw .malformedBody
        }
        let fields: [FormEncoding.Field]
        do {
            fields = try FormEncoding.decode(bytes: body.readableBytesView)
        } catch {
            throw .syntaxError
        }
        var parameters: [String: String] = [:]
        for field in fields {
            guard parameters.updateValue(field.value, forKey: field.name) == nil else {
                throw .repeatedParameter(field.name)
            }
        }
        return TokenRequest(parameters: parameters, authorization: request.headers[values: .authorization])
    }

    /// Seed 002: "Header Accept: application/json is now required. When it is omitted you will receive a 406
    /// error." The JSON type must be named: `*/*` and `application/*`, which curl and most libraries send when
    /// the caller sets nothing, count as omitted, exactly as on Orange. A `q=0` range refuses the type. Split at
    /// bytes, not `Character`s: a comma followed by a combining mark still separates (found by the fuzzer).
    ///
    /// A field of exactly `application/json`, what clients send, is answered before any parsing: Foundation's
    /// trimming bridges to NSString on Linux (1.5 % of a token request's CPU, issue 15, item 2).
    package static func acceptsJSON(_ values: [String]) -> Bool {
        if values.contains("application/json") { return true }
        return values.lazy.flatMap { $0.utf8.split(separator: UInt8(ascii: ",")) }.contains { range in
            let parts = range.split(separator: UInt8(ascii: ";")).map {
                String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespaces).lowercased()
            }
            guard parts.first == "application/json" else { return false }
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return quality > 0
        }
    }
}
