import Foundation

/// Checks answers against an OpenAPI 3.1 document, for the part of JSON Schema the portal's document uses (issue 12,
/// item 4: "described by an OpenAPI 3.1 document … that a test checks against the real answers"): `$ref`, `type`,
/// `properties`, `required`, `additionalProperties: false`, `items` and `enum`. Formats and descriptions are not
/// checked.
struct OpenAPIChecker {
    let document: [String: Any]
    /// The servers' URL the paths are relative to, such as `/portal/api/v1`.
    let base: String

    init(json: String) throws {
        document = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] ?? [:]
        base = ((document["servers"] as? [[String: Any]])?.first?["url"] as? String) ?? ""
    }

    /// What is wrong with `body`, answered `status` to `method path` (a path under `base`); empty when the document
    /// describes it. A method or path the document does not describe may only be refused with its error body.
    func problems(method: String, path target: String, status: Int, body: String) -> [String] {
        let path = String(target.prefix { $0 != "?" })
        guard path.hasPrefix(base) else { return ["\(path) is not under \(base)"] }
        let operation = pathItem(for: String(path.dropFirst(base.count))).flatMap { $0[method.lowercased()] as? [String: Any] }
        guard let operation else {
            guard [404, 405].contains(status) else { return ["\(method) \(path): undocumented, answered \(status)"] }
            return check(body, against: ["$ref": "#/components/schemas/Error"])
        }
        let responses = operation["responses"] as? [String: Any] ?? [:]
        guard let response = (responses[String(status)] ?? responses["default"]).map(resolve) else {
            return ["\(method) \(path): status \(status) is not documented"]
        }
        guard let schema = ((response["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] as? [String: Any]
        else {
            return body.isEmpty ? [] : ["\(method) \(path): a body where the document describes none"]
        }
        return check(body, against: schema)
    }

    private func check(_ body: String, against schema: [String: Any]) -> [String] {
        guard let value = try? JSONSerialization.jsonObject(with: Data(body.utf8), options: [.fragmentsAllowed]) else {
            return ["not JSON: \(body.prefix(200))"]
        }
        return problems(of: value, schema: schema, at: "$")
    }

    /// The path item whose template matches `path`, literal segments first.
    private func pathItem(for path: String) -> [String: Any]? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        let paths = document["paths"] as? [String: Any] ?? [:]
        let matching = paths.keys.filter { template in
            let parts = template.split(separator: "/", omittingEmptySubsequences: false)
            return parts.count == segments.count
                && zip(parts, segments).allSatisfy { part, segment in part == segment || (part.hasPrefix("{") && !segment.isEmpty) }
        }
        return matching.min { $0.filter { $0 == "{" }.count < $1.filter { $0 == "{" }.count }.flatMap { paths[$0] as? [String: Any] }
    }

    /// Follows `$ref` within the document.
    private func resolve(_ object: Any) -> [String: Any] {
        guard let object = object as? [String: Any] else { return [:] }
        guard let reference = object["$ref"] as? String, reference.hasPrefix("#/") else { return object }
        var node: Any? = document
        for key in reference.dropFirst(2).split(separator: "/") { node = (node as? [String: Any])?[String(key)] }
        return resolve(node as Any)
    }

    private func problems(of value: Any, schema: [String: Any], at location: String) -> [String] {
        let schema = resolve(schema)
        if let types = (schema["type"] as? String).map({ [$0] }) ?? schema["type"] as? [String],
            !types.contains(where: { Self.value(value, isOfType: $0) })
        {
            return ["\(location): \(value) is not \(types.joined(separator: " or "))"]
        }
        var found: [String] = []
        if let allowed = schema["enum"] as? [Any], !allowed.contains(where: { "\($0)" == "\(value)" }) {
            found.append("\(location): \(value) is not one of \(allowed)")
        }
        if let object = value as? [String: Any] {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for name in schema["required"] as? [String] ?? [] where object[name] == nil {
                found.append("\(location): \(name) is missing")
            }
            for (name, member) in object {
                if let property = properties[name] as? [String: Any] {
                    found += problems(of: member, schema: property, at: location + "." + name)
                } else if schema["additionalProperties"] as? Bool == false {
                    found.append("\(location): \(name) is not described")
                }
            }
        }
        if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
            for (index, element) in array.enumerated() { found += problems(of: element, schema: items, at: "\(location)[\(index)]") }
        }
        return found
    }

    /// JSONSerialization's `true` and `false`: NSNumbers of type char. (`0 is Bool` holds for any NSNumber on Linux.)
    private static func isBoolean(_ value: Any) -> Bool {
        (value as? NSNumber).map { String(cString: $0.objCType) == "c" } ?? false
    }

    private static func value(_ value: Any, isOfType type: String) -> Bool {
        switch type {
        case "object": value is [String: Any]
        case "array": value is [Any]
        case "string": value is String
        case "boolean": isBoolean(value)
        case "integer": !isBoolean(value) && (value as? Int) != nil
        case "number": !isBoolean(value) && (value as? Double) != nil
        case "null": value is NSNull
        default: false
        }
    }
}
