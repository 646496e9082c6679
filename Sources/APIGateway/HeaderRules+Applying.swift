import Foundation
import AsyncHTTPClient
import HTTPTypes
import NIOHTTP1
import PlatformStore

/// An API's header policies at work (issue 18, item 4): what the proxy removes, then adds, on the way to the backend
/// and on the way back.
extension HeaderRules {
    /// Applies the rules to a request for the backend; a template's placeholders are filled in with `value(of:)`.
    func apply(to headers: inout HTTPHeaders, filling value: (String) -> String?) {
        for name in remove { headers.remove(name: name) }
        for template in add {
            guard let rendered = Self.render(template.value, filling: value) else { continue }
            headers.replaceOrAdd(name: template.name, value: rendered)
        }
    }

    /// Applies the rules to the backend's answer (static values only).
    func apply(to fields: inout HTTPFields) {
        for name in remove {
            if let name = HTTPField.Name(name) { fields[name] = nil }
        }
        for template in add {
            if let name = HTTPField.Name(template.name) { fields[name] = template.value }
        }
    }

    /// The value with each `{placeholder}` filled in; nil when it comes out empty, or would hold a control character
    /// (which a filled-in value must never smuggle into a header).
    static func render(_ template: String, filling value: (String) -> String?) -> String? {
        var rendered = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            rendered += rest[..<open]
            rendered += value(String(rest[rest.index(after: open)..<close])) ?? ""
            rest = rest[rest.index(after: close)...]
        }
        rendered += rest
        let trimmed = rendered.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !trimmed.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return nil }
        return trimmed
    }
}
