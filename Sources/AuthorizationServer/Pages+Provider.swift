import HTTPTypes
import Hummingbird
import PlatformPages

/// The provider's pages in the platform's layout: the words of ``PageText`` and seed 003's `display` as the layout's
/// class.
extension Pages {
    init() throws {
        try self.init(templates: PageTemplates.all)
    }

    /// Renders `template` with `values` and the page's words.
    func render(
        _ template: String, status: HTTPResponse.Status = .ok, text: PageText, display: AuthorizationRequest.Display = .page,
        values: [String: Any] = [:]
    ) -> Response {
        var values = values
        values["text"] = text
        return render(template, status: status, bodyClass: display.rawValue, values: values)
    }

    /// Seed 003's generic error page, for requests that must not be redirected.
    func error(_ message: String, text: PageText, status: HTTPResponse.Status = .badRequest) -> Response {
        render("error", status: status, text: text, values: ["message": message])
    }
}
