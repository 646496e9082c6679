import Foundation
import Yams

/// An OpenAPI document's text read into a ``JSONInstance``: JSON when it starts with `{`, YAML otherwise, as the
/// catalog takes it (`Validation.openAPIDocument`).
///
/// YAML is read with the core schema of YAML 1.2 (§10.3), which OpenAPI 3.1 (§4.3) asks for: `yes`, `on`, `12:30`
/// and dates stay text, only `true` and `false` are booleans. Explicit tags (`!!str 1`) are not read. Object member
/// order is kept.
enum DocumentText {
    /// Deep enough for any real document; a bound for the recursion of reading and compiling it.
    static let maximumDepth = 128
    /// Bound on what a YAML document expands to: aliases may repeat a node many times over ("billion laughs").
    static let maximumNodes = 1_000_000

    static func read(_ text: String) throws(ContractError) -> JSONInstance {
        if text.drop(while: \.isWhitespace).first == "{" {
            do {
                return try JSONReader.read(Data(text.utf8), maximumDepth: maximumDepth)
            } catch {
                throw ContractError("the OpenAPI document is not valid JSON: it \(error)")
            }
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, .basic)
        } catch {
            throw ContractError("the OpenAPI document is not valid YAML: \(error)")
        }
        guard let root else { throw ContractError("the OpenAPI document is empty") }
        var converter = YAMLConverter()
        return try converter.instance(root, depth: 0)
    }
}

/// Turns a composed YAML node into a ``JSONInstance``, counting the nodes it makes.
private struct YAMLConverter {
    private var nodes = 0

    mutating func instance(_ node: Node, depth: Int) throws(ContractError) -> JSONInstance {
        nodes += 1
        guard nodes <= DocumentText.maximumNodes, depth <= DocumentText.maximumDepth else {
            throw ContractError(
                "the OpenAPI document is too large once its YAML aliases are expanded (more than \(DocumentText.maximumNodes) values or "
                    + "\(DocumentText.maximumDepth) levels)")
        }
        switch node {
        case .scalar(let scalar):
            return Self.instance(scalar)
        case .sequence(let sequence):
            var items: [JSONInstance] = []
            for item in sequence { items.append(try instance(item, depth: depth + 1)) }
            return .array(items)
        case .mapping(let mapping):
            var object = JSONObject()
            for (key, value) in mapping {
                guard let name = key.scalar?.string else {
                    throw ContractError("the OpenAPI document has a YAML key that is not text\(Self.line(of: key))")
                }
                guard object.append(name, try instance(value, depth: depth + 1)) else {
                    throw ContractError("the OpenAPI document has the key \(name) twice in one mapping\(Self.line(of: key))")
                }
            }
            return .object(object)
        case .alias:
            throw ContractError("the OpenAPI document has a YAML alias that names no anchor\(Self.line(of: node))")
        }
    }

    /// YAML 1.2 core schema (§10.3.2) for plain scalars; quoted, literal and folded ones are text.
    private static func instance(_ scalar: Node.Scalar) -> JSONInstance {
        let text = scalar.string
        guard scalar.style == .plain else { return .string(text) }
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        if let integer = Int64(text) { return .number(.integer(integer)) }
        if text.hasPrefix("0x"), let integer = Int64(text.dropFirst(2), radix: 16) { return .number(.integer(integer)) }
        if text.hasPrefix("0o"), let integer = Int64(text.dropFirst(2), radix: 8) { return .number(.integer(integer)) }
        let isDecimal = text.utf8.contains(where: ASCII.isDigit) && text.utf8.allSatisfy { ASCII.isDigit($0) || "+-.eE".utf8.contains($0) }
        if isDecimal, let value = Double(text), value.isFinite { return .number(.double(value)) }
        return .string(text)
    }

    private static func line(of node: Node) -> String {
        node.mark.map { " (line \($0.line))" } ?? ""
    }
}
