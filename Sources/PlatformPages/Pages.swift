import HTTPTypes
import Hummingbird
import Mustache
import NIOCore
import PlatformServices

/// Renders the platform's HTML pages — the provider's login, consent and account pages and the developer portal's —
/// in one layout (``PageLayout``), with the headers issue 5 asks of every one: no framing (`X-Frame-Options` and CSP
/// `frame-ancestors`), no referrer, no caching; the only style and script allowed are the page's own, by nonce.
/// swift-mustache escapes every `{{value}}`.
package struct Pages: Sendable {
    private let library: MustacheLibrary

    /// `templates` by name; each may use the layout as `{{<layout}}` with its `title`, `content` and `script` blocks.
    package init(templates: [String: String]) throws {
        var library = MustacheLibrary()
        try library.register(PageLayout.template, named: "layout")
        for (name, template) in templates {
            try library.register(template, named: name)
        }
        self.library = library
    }

    /// Renders `template` with `values`; `bodyClass` is the layout's class (seed 003's `display`, or `wide` for the
    /// portal); the words under `text` (``PageWords``) are read from a dictionary. The page gets `nonce`, the nonce
    /// its `<style>` and `<script>` elements carry.
    package func render(
        _ template: String, status: HTTPResponse.Status = .ok, bodyClass: String = "page", values: [String: Any]
    ) -> Response {
        let nonce = RandomString.base64URL(byteCount: 16)
        var context = values
        if let words = values["text"] as? any PageWords { context["text"] = words.templateValues }
        context["bodyClass"] = bodyClass
        context["nonce"] = nonce
        let html = library.render(context, withTemplate: template) ?? ""
        var headers = Self.securityHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.contentSecurityPolicy] =
            "default-src 'none'; style-src 'nonce-\(nonce)'; script-src 'nonce-\(nonce)'; img-src 'self'; base-uri 'none'; "
            + "frame-ancestors 'none'"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// What every page and every redirect of the pages carries.
    package static let securityHeaders: HTTPFields = [
        .xFrameOptions: "DENY", .referrerPolicy: "no-referrer", .cacheControl: "no-store", .pragma: "no-cache",
        .xContentTypeOptions: "nosniff",
    ]

    /// `303 See Other` to `location`, the answer to every successful POST of a form.
    package static func seeOther(_ location: String) -> Response {
        var headers = securityHeaders
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }
}

extension HTTPField.Name {
    package static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
    package static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    package static let xContentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
    /// RFC 6749 §5.1 asks for it beside `Cache-Control: no-store` on token answers.
    package static let pragma = HTTPField.Name("Pragma")!
}
