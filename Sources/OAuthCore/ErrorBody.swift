import Foundation

/// The error body of an answer, whichever of the two conventions the server used: RFC 6749 §5.2
/// `{"error", "error_description"}` from a token endpoint, or Orange's `{"code", "message", "description"}`
/// from the gateway and the HTTP-level refusals (406, 413, 415, 429, 503).
public enum ErrorBody: Hashable, Sendable {
    case oauth(OAuthError)
    case orange(OrangeError)

    /// Reads a body as either convention; nil when it is neither (an HTML page from a proxy, say). Orange's
    /// `message` and `description` are read when present, since not every Orange API sends both.
    public init?(json: Data) {
        let decoder = JSONDecoder()
        if let lenient = try? decoder.decode(LenientOrangeError.self, from: json) {
            self = .orange(OrangeError(code: lenient.code, message: lenient.message ?? "", description: lenient.description ?? ""))
        } else if let oauth = try? decoder.decode(OAuthError.self, from: json) {
            self = .oauth(oauth)
        } else {
            return nil
        }
    }

    /// The RFC 6749 error, when the body is one.
    public var oauthError: OAuthError? {
        if case .oauth(let error) = self { error } else { nil }
    }

    /// Orange's error, when the body is one.
    public var orangeError: OrangeError? {
        if case .orange(let error) = self { error } else { nil }
    }

    private struct LenientOrangeError: Decodable {
        var code: Int
        var message: String?
        var description: String?
    }
}
