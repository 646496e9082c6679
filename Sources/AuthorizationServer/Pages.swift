import HTTPTypes
import Hummingbird
import Mustache
import NIOCore
import PlatformServices
import PlatformStore

/// Renders the provider's HTML pages with the headers issue 5 asks of every one: no framing (`X-Frame-Options`
/// and CSP `frame-ancestors`), no referrer, no caching; the only style allowed is the page's own, by nonce.
struct Pages: Sendable {
    private let library: MustacheLibrary

    init() throws {
        var library = MustacheLibrary()
        for (name, template) in PageTemplates.all {
            try library.register(template, named: name)
        }
        self.library = library
    }

    /// Renders `template` with `values`, the page's words and its layout class.
    func render(
        _ template: String, status: HTTPResponse.Status = .ok, text: PageText, display: AuthorizationRequest.Display = .page,
        values: [String: Any] = [:]
    ) -> Response {
        let nonce = RandomString.base64URL(byteCount: 16)
        var context = values
        context["text"] = text
        context["display"] = display.rawValue
        context["styleNonce"] = nonce
        let html = library.render(context, withTemplate: template) ?? ""
        var headers = Self.securityHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.contentSecurityPolicy] =
            "default-src 'none'; style-src 'nonce-\(nonce)'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// Seed 003's generic error page, for requests that must not be redirected.
    func error(_ message: String, text: PageText, status: HTTPResponse.Status = .badRequest) -> Response {
        render("error", status: status, text: text, values: ["message": message])
    }

    /// What every page and every redirect of the interaction carries.
    static let securityHeaders: HTTPFields = [
        .xFrameOptions: "DENY", .referrerPolicy: "no-referrer", .cacheControl: "no-store", .pragma: "no-cache",
        .xContentTypeOptions: "nosniff",
    ]
}

extension HTTPField.Name {
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let xContentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
}
