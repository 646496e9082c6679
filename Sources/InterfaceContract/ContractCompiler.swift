/// Reads a document's `paths` (OpenAPI 3.1 §4.8.8) into a ``RouteTable``: each Path Item's operations
/// (§4.8.9, §4.8.10) with their parameters and request body, their schemas compiled into one ``SchemaTable``.
struct ContractCompiler {
    /// The fixed fields of a Path Item Object that are operations (§4.8.9.1).
    private static let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    private let document: OpenAPIDocument
    private var schemas: SchemaCompiler

    private struct Draft {
        var template: PathTemplate
        var method: String
        var parameters: [ParameterRule]
        var body: BodyRule?
    }

    static func routes(of document: OpenAPIDocument) throws(ContractError) -> RouteTable {
        var compiler = ContractCompiler(document: document, schemas: SchemaCompiler(document: document))
        let root = DocumentObject(document.root, at: .root)
        var drafts: [[Draft]] = []
        for member in try root.object("paths")?.object.members ?? [] {
            let path = try compiler.operations(at: member.name, member.value, location: root.location(of: "paths").appending(member.name))
            if !path.isEmpty { drafts.append(path) }
        }
        guard !drafts.isEmpty else { throw ContractError("the OpenAPI document declares no operation under paths") }
        let table = try compiler.schemas.table()
        var routes = RouteTable()
        for path in drafts {
            let operations = path.map { draft in
                ContractOperation(
                    method: draft.method.uppercased(), pathTemplate: draft.template.text, parameters: draft.parameters, body: draft.body,
                    schemas: table)
            }
            try routes.insert(path[0].template, operations: operations)
        }
        return routes
    }

    /// The operations of the Path Item at `paths.<path>`, with its own parameters merged into each.
    private mutating func operations(at path: String, _ value: JSONInstance, location: DocumentLocation) throws(ContractError) -> [Draft] {
        let template = try PathTemplate(path, at: location)
        let (resolved, itemLocation) = try document.resolved(value, at: location)
        let item = try DocumentObject(resolved, at: itemLocation, expecting: "a Path Item Object")
        let shared = try parameters(of: item, template: template)
        var drafts: [Draft] = []
        for method in Self.methods {
            guard let value = item[method] else { continue }
            let operation = try DocumentObject(value, at: item.location(of: method), expecting: "an Operation Object")
            let own = try parameters(of: operation, template: template)
            let merged = shared.filter { common in !own.contains { $0.isSame(as: common) } } + own
            drafts.append(Draft(template: template, method: method, parameters: merged, body: try requestBody(of: operation)))
        }
        return drafts
    }

    /// The `parameters` of a Path Item or an Operation; a path parameter must name a variable of the path.
    private mutating func parameters(of object: DocumentObject, template: PathTemplate) throws(ContractError) -> [ParameterRule] {
        var rules: [ParameterRule] = []
        for (index, value) in (try object.array("parameters") ?? []).enumerated() {
            let location = object.location(of: "parameters").appending(index: index)
            guard let rule = try ParameterRule.compile(value, at: location, with: &schemas) else { continue }
            if rule.location == .path, !template.parameterNames.contains(rule.name) {
                throw ContractError("\(location) is the path parameter \(rule.name), which \(template.text) does not have")
            }
            rules.append(rule)
        }
        return rules
    }

    /// The operation's Request Body Object (§4.8.13), its JSON media types' schemas compiled.
    private mutating func requestBody(of operation: DocumentObject) throws(ContractError) -> BodyRule? {
        guard let value = operation["requestBody"] else { return nil }
        let (resolved, location) = try document.resolved(value, at: operation.location(of: "requestBody"))
        let body = try DocumentObject(resolved, at: location, expecting: "a Request Body Object")
        var rule = BodyRule(isRequired: try body.bool("required") ?? false, contents: [])
        for member in try body.object("content")?.object.members ?? [] {
            let media = try DocumentObject(member.value, at: body.location(of: "content").appending(member.name), expecting: "a Media Type Object")
            let range = MediaRange(member.name)
            rule.contents.append(BodyRule.Content(range: range, schema: range.isJSON ? try schemas.subschema("schema", of: media) : nil))
        }
        return rule
    }
}
