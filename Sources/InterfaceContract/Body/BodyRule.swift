import Foundation

/// An operation's `requestBody` (OpenAPI 3.1 §4.8.13), compiled: whether a body is required, the media types it
/// may have, and the schema a JSON one is checked against.
struct BodyRule: Sendable {
    struct Content: Sendable {
        var range: MediaRange
        /// Checked for JSON media types only; others are accepted as they are.
        var schema: SchemaID?
    }

    var isRequired: Bool
    /// In the document's order; empty when the document lists none (then any body is taken).
    var contents: [Content]

    /// "application/json", "application/json or application/xml": what messages say the body must be.
    var acceptedTypes: String {
        let types = contents.map(\.range.text)
        guard let last = types.last, types.count > 1 else { return types.first ?? "any media type" }
        return types.dropLast().joined(separator: ", ") + " or " + last
    }

    /// The first problem of a request's body, nil when it has none. An absent or empty body is only a problem when
    /// the body is required; a body without `Content-Type` is taken as `application/octet-stream` (RFC 9110 §8.3).
    func check(contentType: String?, body: Data?, schemas: SchemaTable) -> ContractViolation? {
        guard let body, !body.isEmpty else {
            return isRequired ? ContractViolation(.missingBody, pointer: "", message: "is required (\(acceptedTypes))") : nil
        }
        guard !contents.isEmpty else { return nil }
        let requested = contentType?[...] ?? "application/octet-stream"
        var chosen: (content: Content, specificity: Int)?
        for content in contents {
            guard let specificity = content.range.specificity(for: requested), specificity > chosen?.specificity ?? -1 else { continue }
            chosen = (content, specificity)
        }
        guard let content = chosen?.content else {
            return ContractViolation(.unsupportedMediaType, pointer: "", message: "must be \(acceptedTypes)")
        }
        guard content.range.isJSON else { return nil }
        let instance: JSONInstance
        do {
            instance = try JSONReader.read(body)
        } catch {
            return ContractViolation(.invalidBody, pointer: "", message: "is not valid JSON: it \(error)")
        }
        return content.schema.flatMap { schemas.check(instance, against: $0) }.map(ContractViolation.init(body:))
    }
}
