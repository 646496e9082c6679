import Foundation
import HTTPTypes
import Hummingbird

/// Cross-origin calls from browser scripts to an API (Fetch standard, §3.2 "CORS protocol"; issue 18, item 4): the
/// gateway answers a preflight itself, without a token, without reaching the backend or counting against limits,
/// and tells the browser on every answer, refusals included, that the calling origin may read it.
struct CORSPolicy: Sendable {
    /// Lower-case origins, or `*` for any.
    let origins: [String]

    /// The fields a script may read besides the safelisted ones: the request id, the limits' and the refusals'.
    private static let exposed = "X-OAPI-Request-Id, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Retry-After, WWW-Authenticate"

    /// The origin of `request` when the policy lets it call.
    func allowedOrigin(of request: Request) -> String? {
        guard !origins.isEmpty, let origin = request.headers[.origin] else { return nil }
        return origins.contains("*") || origins.contains(origin.lowercased()) ? origin : nil
    }

    /// Whether `request` is a preflight: `OPTIONS` with `Origin` and `Access-Control-Request-Method`.
    func isPreflight(_ request: Request) -> Bool {
        !origins.isEmpty && request.method == .options && request.headers[.origin] != nil
            && request.headers[.accessControlRequestMethod] != nil
    }

    /// The answer to a preflight: 204, and for an allowed origin the methods `methods` and the headers asked for. A
    /// disallowed origin gets no `Access-Control-Allow-*` field, which the browser takes as a refusal.
    func preflight(_ request: Request, methods: [String]) -> Response {
        var fields: HTTPFields = [.vary: "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"]
        if let origin = allowedOrigin(of: request) {
            fields[.accessControlAllowOrigin] = origin
            fields[.accessControlAllowMethods] = methods.joined(separator: ", ")
            let asked = request.headers[values: .accessControlRequestHeaders].joined(separator: ",")
            let names = asked.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if !names.isEmpty, names.allSatisfy({ HTTPField.Name($0) != nil }) {
                fields[.accessControlAllowHeaders] = names.joined(separator: ", ")
            }
            fields[.accessControlMaxAge] = "600"
        }
        return Response(status: .noContent, headers: fields)
    }

    /// Lets the calling origin read `response`.
    func allow(_ response: inout Response, for request: Request) {
        guard !origins.isEmpty else { return }
        response.headers.append(HTTPField(name: .vary, value: "Origin"))
        guard let origin = allowedOrigin(of: request) else { return }
        response.headers[.accessControlAllowOrigin] = origin
        response.headers[.accessControlExposeHeaders] = Self.exposed
    }
}
