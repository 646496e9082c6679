import InterfaceContract
import Testing

/// What an operator reads in the CLI when a document cannot be compiled, and YAML documents.
@Suite struct DocumentTests {
    static func withPaths(_ paths: String, components: String = "{}") -> String {
        #"{"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": \#(paths), "components": \#(components)}"#
    }

    @Test(arguments: [
        (#"{"openapi": "3.1.0", "info": {"title": "T", "version": "1"}}"#, "the OpenAPI document declares no operation under paths"),
        (withPaths(#"{"/a": {"summary": "nothing"}}"#), "the OpenAPI document declares no operation under paths"),
        (withPaths(#"{"/shops/{id}": {"get": {"parameters": [{"in": "path"}]}}}"#), "paths./shops/{id}.get.parameters[0] has no name"),
        (
            withPaths(#"{"/a": {"get": {"parameters": [{"name": "n", "in": "body"}]}}}"#),
            "paths./a.get.parameters[0].in is body; it is one of path, query, header or cookie"
        ),
        (
            withPaths(#"{"/a": {"get": {"parameters": [{"name": "n", "in": "query"}]}}}"#),
            "paths./a.get.parameters[0] (n) has neither a schema nor a content"
        ),
        (
            withPaths(#"{"/a": {"get": {"parameters": [{"name": "id", "in": "path", "schema": {}}]}}}"#),
            "paths./a.get.parameters[0] is the path parameter id, which /a does not have"
        ),
        (
            withPaths(#"{"/a": {"post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "./other.yaml#/x"}}}}}}}"#),
            "unsupported $ref ./other.yaml#/x at paths./a.post.requestBody.content.application/json.schema.$ref: only local references (#/…) are followed"
        ),
        (
            withPaths(##"{"/a": {"get": {"parameters": [{"$ref": "#/components/parameters/Nope"}]}}}"##),
            "the $ref #/components/parameters/Nope at paths./a.get.parameters[0] points to nothing in the document"
        ),
        (
            withPaths(#"{"/a": {"post": {"requestBody": {"content": {"application/json": {"schema": {"type": "strin"}}}}}}}"#),
            "paths./a.post.requestBody.content.application/json.schema.type must be one of object, array, string, number, integer, boolean, null, or a list of them"
        ),
        (
            withPaths(#"{"/a": {"post": {"requestBody": {"content": {"application/json": {"schema": {"minLength": -1}}}}}}}"#),
            "paths./a.post.requestBody.content.application/json.schema.minLength must be a non-negative integer"
        ),
        (
            withPaths(#"{"/a": {"post": {"requestBody": {"content": {"application/json": {"schema": {"pattern": "[a-"}}}}}}}"#),
            "paths./a.post.requestBody.content.application/json.schema.pattern is not a regular expression that can be compiled: [a-"
        ),
        (
            withPaths(#"{"/a": {"post": {"requestBody": {"content": {"application/json": {"schema": {"items": [{}]}}}}}}}"#),
            "paths./a.post.requestBody.content.application/json.schema.items must be one schema; a list of schemas, one per position, is prefixItems"
        ),
        (
            withPaths(
                ##"{"/a": {"post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Loop"}}}}}}}"##,
                components: ##"{"schemas": {"Loop": {"allOf": [{"$ref": "#/components/schemas/Loop"}]}}}"##),
            "the schema at components.schemas.Loop applies itself to the same value again (through $ref, allOf, anyOf, oneOf or not) "
                + "without going down into a property or an item, so checking a value against it would never end"
        ),
        (withPaths(#"{"/a/{x}": {"get": {}}, "/a/{y}": {"get": {}}}"#), "paths./a/{y} and paths./a/{x} are the same path"),
        (withPaths(#"{"a": {"get": {}}}"#), "paths.a: a path starts with /"),
        (withPaths(#"{"/a/{x}{y}": {"get": {}}}"#), "paths./a/{x}{y}: a segment holds one {parameter}, with literal text around it at most"),
        (#"{"swagger": "2.0", "paths": {}}"#, "the OpenAPI document has no openapi field declaring its version, such as openapi: 3.1.0 (it is Swagger: convert it to OpenAPI 3 first)"),
        (#"{"openapi": "3.1.0", "paths": {"/a": {"get": {}},}}"#, "the OpenAPI document is not valid JSON: it expects a member name in quotes (byte 49)"),
        (#"{"openapi": "3.1.0", "openapi": "3.0.0"}"#, "the OpenAPI document is not valid JSON: it has the same member name twice in one object (byte 21)"),
        // Yams refuses the same key twice; with a tag of its own, the second is another key for YAML, not for JSON.
        ("openapi: 3.1.0\npaths:\n  /a:\n    get: {}\n    !x get: {}\n", "the OpenAPI document has the key get twice in one mapping (line 5)"),
        ("openapi: 3.1.0\npaths:\n  /a:\n    get: {}\n    get: {}\n", nil),
        ("openapi: 3.1.0\npaths: [\n", nil),
    ])
    func refusals(_ document: String, _ expected: String?) {
        let error = Fixtures.documentError(document)
        if let expected {
            #expect(error == expected)
        } else {
            #expect(error?.hasPrefix("the OpenAPI document is not valid YAML: ") == true, "\(error ?? "compiles")")
        }
    }

    /// YAML 1.2's core schema: `yes`, `no`, `12:30` and dates are text; `0x10` is 16; comments and flow style are
    /// YAML's own.
    @Test func aYAMLDocument() throws {
        let yaml = """
            openapi: 3.0.3
            info: {title: Shops, version: '1'}
            paths:
              /shops/{id}:
                parameters:
                  - name: id
                    in: path
                    required: true
                    schema: {type: string, enum: [yes, no, 12:30, 2026-01-31, '5']}  # all text
                get:
                  parameters:
                    - {name: limit, in: query, schema: {type: integer, maximum: 0x10}}
                    - {name: open, in: query, required: true, schema: {type: boolean, enum: [true]}}
            """
        let contract = try CompiledContract(openAPI: yaml)
        for id in ["yes", "no", "12:30", "2026-01-31", "5"] {
            let (shop, parameters) = try Fixtures.operation("GET", "/shops/\(id)", in: contract)
            #expect(shop.check(Fixtures.request(parameters, query: "open=true")) == nil, "\(id)")
        }
        let (shop, parameters) = try Fixtures.operation("GET", "/shops/yes", in: contract)
        #expect(shop.check(Fixtures.request(parameters, query: "open=true&limit=17"))?.message == "must be at most 16")
        #expect(shop.check(Fixtures.request(parameters, query: "open=false"))?.message == "must be one of: true")
        #expect(shop.check(Fixtures.request(parameters))?.kind == .missingQueryParameter)
        let (_, other) = try Fixtures.operation("GET", "/shops/on", in: contract)
        #expect(shop.check(Fixtures.request(other, query: "open=true"))?.message == "must be one of: yes, no, 12:30, 2026-01-31, 5")
    }

    @Test func yamlsOldBooleansAreText() {
        let yaml = "openapi: 3.1.0\npaths:\n  /a:\n    get:\n      parameters: [{name: n, in: query, required: yes, schema: {}}]\n"
        #expect(Fixtures.documentError(yaml) == "paths./a.get.parameters[0].required must be true or false")
    }

    @Test func yamlAliasesThatExpandTooFarAreRefused() {
        var yaml = "openapi: 3.1.0\nx0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"
        for level in 1...7 {
            yaml += "x\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        yaml += "paths: {/a: {get: {}}}\n"
        #expect(Fixtures.documentError(yaml)?.hasPrefix("the OpenAPI document is too large once its YAML aliases are expanded") == true)
    }
}
