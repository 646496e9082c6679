import Hummingbird
import OAuthCore

/// The fields of a posted form, by name.
package struct Form: Sendable {
    package let fields: [FormEncoding.Field]

    package init(_ fields: [FormEncoding.Field]) {
        self.fields = fields
    }

    /// The value of a field sent once; nil when absent or repeated.
    package subscript(name: String) -> String? {
        let matching = fields.filter { $0.name == name }
        return matching.count == 1 ? matching[0].value : nil
    }

    /// Every value of a repeated field, such as the ticked `scope` checkboxes.
    package func values(_ name: String) -> [String] {
        fields.filter { $0.name == name }.map(\.value)
    }

    /// The fields of `request`'s URL-encoded body of at most `maximumSize` bytes; nil for another media type, a
    /// longer body or a malformed one.
    package static func fields(of request: Request, upTo maximumSize: Int) async -> [FormEncoding.Field]? {
        if let contentType = request.headers[.contentType], MediaType(from: contentType)?.isType(.applicationUrlEncoded) != true {
            return nil
        }
        guard let body = try? await request.body.collect(upTo: maximumSize) else { return nil }
        return try? FormEncoding.decode(bytes: body.readableBytesView)
    }

    /// The form of `request` (see ``fields(of:upTo:)``).
    package static func read(_ request: Request, upTo maximumSize: Int) async -> Form? {
        await fields(of: request, upTo: maximumSize).map(Form.init)
    }
}
