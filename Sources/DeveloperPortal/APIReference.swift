import Foundation

/// The operations of an API's OpenAPI 3 document as the catalog lists them (issue 12, item 3: "the portal renders
/// its operations (method, path, summary, parameters, responses, examples) server-side"). Read from the JSON text
/// the operator attached; local `$ref`s (`#/components/…`) are followed, others shown as they are.
struct APIReference: Sendable {
    var title: String?
    var version: String?
    var operations: [Operation]

    struct Operation: Sendable {
        var method: String
        var path: String
        /// The first of its tags, which the API Reference groups by (issue 17); "" when it has none.
        var tag: String
        var summary: String
        var description: String
        var parameters: [Parameter]
        var requestExample: String?
        /// The request body's schema, pretty-printed with its local references followed.
        var requestSchema: String?
        var responses: [Response]
    }

    struct Parameter: Sendable {
        var name: String
        var location: String
        var required: Bool
        var type: String
        var description: String
    }

    struct Response: Sendable {
        var status: String
        var description: String
        var example: String?
        var schema: String?
    }

    /// The operations grouped by tag, in the order each tag first appears; untagged ones last.
    var operationsByTag: [(tag: String, operations: [Operation])] {
        var order: [String] = []
        var groups: [String: [Operation]] = [:]
        for operation in operations {
            if groups[operation.tag] == nil { order.append(operation.tag) }
            groups[operation.tag, default: []].append(operation)
        }
        return order.sorted { !$0.isEmpty && $1.isEmpty }.map { ($0, groups[$0] ?? []) }
    }

    private static let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    /// Nil when `text` is not a JSON object with `paths`.
    init?(openAPI text: String) {
        guard let document = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
            let paths = document["paths"] as? [String: Any]
        else {
            return nil
        }
        let info = document["info"] as? [String: Any]
        title = info?["title"] as? String
        version = info?["version"] as? String
        let resolve = { (value: Any?) -> [String: Any]? in Self.resolve(value, in: document) }
        operations = paths.keys.sorted().flatMap { path -> [Operation] in
            guard let item = resolve(paths[path]) else { return [] }
            let shared = (item["parameters"] as? [Any] ?? []).compactMap(resolve)
            return Self.methods.compactMap { method -> Operation? in
                guard let operation = resolve(item[method]) else { return nil }
                let parameters = (shared + (operation["parameters"] as? [Any] ?? []).compactMap(resolve)).map { parameter in
                    Parameter(
                        name: parameter["name"] as? String ?? "", location: parameter["in"] as? String ?? "",
                        required: parameter["required"] as? Bool ?? false,
                        type: resolve(parameter["schema"])?["type"] as? String ?? "",
                        description: parameter["description"] as? String ?? "")
                }
                let responses = (resolve(operation["responses"]) ?? [:]).sorted { $0.key < $1.key }.map { status, value in
                    let response = resolve(value) ?? [:]
                    let content = resolve(response["content"])
                    return Response(
                        status: status, description: response["description"] as? String ?? "",
                        example: Self.example(in: content, document: document), schema: Self.schema(in: content, document: document))
                }
                let requestContent = resolve(resolve(operation["requestBody"])?["content"])
                return Operation(
                    method: method.uppercased(), path: path, tag: (operation["tags"] as? [String])?.first ?? "",
                    summary: operation["summary"] as? String ?? "", description: operation["description"] as? String ?? "",
                    parameters: parameters, requestExample: Self.example(in: requestContent, document: document),
                    requestSchema: Self.schema(in: requestContent, document: document), responses: responses)
            }
        }
    }

    /// `value` as an object, following a local `$ref` (at most 10 deep, so a cycle ends).
    private static func resolve(_ value: Any?, in document: [String: Any], depth: Int = 0) -> [String: Any]? {
        guard let object = value as? [String: Any] else { return nil }
        guard let reference = object["$ref"] as? String, reference.hasPrefix("#/"), depth < 10 else { return object }
        var target: Any? = document
        for component in reference.dropFirst(2).split(separator: "/") {
            let key = component.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            target = (target as? [String: Any])?[key]
        }
        return resolve(target, in: document, depth: depth + 1)
    }

    /// The first example of a `content` map (its `example`, or the first of its `examples`), pretty-printed.
    private static func example(in content: [String: Any]?, document: [String: Any]) -> String? {
        guard let content else { return nil }
        for mediaType in content.keys.sorted() {
            guard let media = resolve(content[mediaType], in: document) else { continue }
            let value =
                media["example"]
                ?? (media["examples"] as? [String: Any]).flatMap { examples in
                    examples.keys.sorted().first.flatMap { resolve(examples[$0], in: document)?["value"] }
                }
            if let value { return pretty(value) }
        }
        return nil
    }

    /// The schema of a `content` map's first media type that has one, its local references followed (at most 10
    /// deep), pretty-printed.
    private static func schema(in content: [String: Any]?, document: [String: Any]) -> String? {
        guard let content else { return nil }
        for mediaType in content.keys.sorted() {
            if let schema = resolve(content[mediaType], in: document)?["schema"] { return pretty(expanded(schema, in: document)) }
        }
        return nil
    }

    /// `value` with every local `$ref` inside it replaced by what it points to, down to `depth` 10.
    private static func expanded(_ value: Any, in document: [String: Any], depth: Int = 0) -> Any {
        guard depth < 10 else { return value }
        if let array = value as? [Any] { return array.map { expanded($0, in: document, depth: depth + 1) } }
        guard let object = resolve(value, in: document) else { return value }
        return object.mapValues { expanded($0, in: document, depth: depth + 1) }
    }

    private static func pretty(_ value: Any) -> String {
        if let text = value as? String { return text }
        guard JSONSerialization.isValidJSONObject(value),
            let data = try? JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        else {
            return "\(value)"
        }
        return String(decoding: data, as: UTF8.self)
    }
}
