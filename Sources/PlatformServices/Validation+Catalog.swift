import Foundation
import Yams

/// Rules for what an operator puts in the API catalog (issue 12, item 3: `orangerie api update NAME --openapi FILE
/// --description TEXT --terms FILE`, `subscription reject ID --reason TEXT`).
extension Validation {
    /// The largest OpenAPI document the catalog takes, in bytes (1 MiB).
    package static let maximumOpenAPIBytes = 1 << 20
    /// The largest text of an API's page the catalog takes (terms of use, overview, getting started), in bytes
    /// (100 KiB).
    package static let maximumPageTextBytes = 100 << 10

    /// What an API does, as the catalog shows it: at most 2,000 characters, line breaks allowed.
    package static func apiDescription(_ value: String) throws(InvalidInput) -> String {
        try printableText(value, atMost: 2000, else: "an API's description has at most 2,000 printable characters")
    }

    /// Why an operator rejects a subscription, shown to the developer: at most 500 characters.
    package static func rejectionReason(_ value: String) throws(InvalidInput) -> String {
        try printableText(value, atMost: 500, else: "a reason has at most 500 printable characters")
    }

    /// A text of an API's page as the operator wrote it (terms of use, overview or getting started; Markdown or plain
    /// text), named `what` in the refusal: 1 byte to 100 KiB, without control characters but line breaks and tabs.
    package static func pageText(_ value: String, what: String) throws(InvalidInput) -> String {
        guard !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, value.utf8.count <= maximumPageTextBytes,
            !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && !["\n", "\r", "\t"].contains($0) })
        else {
            throw InvalidInput("\(what) is text of 1 byte to 100 KiB, without control characters but line breaks and tabs")
        }
        return value
    }

    /// An OpenAPI 3 document, JSON (when it starts with `{`) or YAML, of at most 1 MiB, whose root is an object that
    /// declares `openapi: 3.x` (OpenAPI 3.0 and 3.1, §4.8.1: a string such as `3.1.0`). Returned as given: the
    /// portal renders it, and the operator's formatting and comments are theirs.
    package static func openAPIDocument(_ value: String) throws(InvalidInput) -> String {
        guard value.utf8.count <= maximumOpenAPIBytes else {
            throw InvalidInput("the OpenAPI document has \(value.utf8.count) bytes; at most 1 MiB (\(maximumOpenAPIBytes) bytes) is taken")
        }
        let root = try parsedDocument(value)
        guard let mapping = root as? [AnyHashable: Any] else {
            throw InvalidInput("the OpenAPI document is not an object with an openapi field")
        }
        guard let version = mapping["openapi"] else {
            let swagger = mapping["swagger"].map { " (it is Swagger \($0): convert it to OpenAPI 3 first)" } ?? ""
            throw InvalidInput("the OpenAPI document has no openapi field declaring its version, such as openapi: 3.1.0\(swagger)")
        }
        guard let text = version as? String, text.hasPrefix("3."), text.dropFirst(2).first?.isNumber == true else {
            throw InvalidInput("the OpenAPI document declares openapi \(version); an OpenAPI 3 document declares a string such as 3.1.0")
        }
        return value
    }

    /// The document's root, read as JSON when it starts with `{` and as YAML otherwise.
    private static func parsedDocument(_ value: String) throws(InvalidInput) -> Any? {
        if value.drop(while: \.isWhitespace).first == "{" {
            do {
                return try JSONSerialization.jsonObject(with: Data(value.utf8))
            } catch {
                let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey].map { ": \($0)" } ?? ""
                throw InvalidInput("the OpenAPI document is not valid JSON\(detail)")
            }
        }
        do {
            return try Yams.load(yaml: value)
        } catch {
            throw InvalidInput("the OpenAPI document is not valid YAML: \(error)")
        }
    }
}
