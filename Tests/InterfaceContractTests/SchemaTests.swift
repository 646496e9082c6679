import InterfaceContract
import Testing

/// The JSON Schema subset (2020-12, and OpenAPI 3.0's Schema Object), one keyword family at a time: each case is a
/// body, a schema, and the message of the first problem (nil when the body is valid).
@Suite struct SchemaTests {
    func message(_ body: String, _ schema: String, version: String = "3.1.0", components: String = "{}") throws -> String? {
        try Fixtures.check(body, against: schema, version: version, components: components)?.message
    }

    func pointer(_ body: String, _ schema: String, components: String = "{}") throws -> String? {
        try Fixtures.check(body, against: schema, components: components)?.pointer
    }

    @Test func booleanSchemas() throws {
        #expect(try message("{}", "true") == nil)
        #expect(try message("{}", "false") == "is not allowed")
        #expect(try message(#"{"a": 1}"#, #"{"properties": {"a": false}}"#) == "is not allowed")
    }

    @Test func types() throws {
        #expect(try message("{}", #"{"type": ["object", "null"]}"#) == nil)
        #expect(try message(#"{"a": 1.0}"#, #"{"properties": {"a": {"type": "integer"}}}"#) == nil)
        #expect(try message(#"{"a": 1.5}"#, #"{"properties": {"a": {"type": "integer"}}}"#) == "must be an integer")
        #expect(try message(#"{"a": "1"}"#, #"{"properties": {"a": {"type": ["number", "boolean", "null"]}}}"#) == "must be a number, a boolean or null")
    }

    /// JSON's `true` is not 1, and 1 is not `true` (Foundation's `NSNumber` confuses them).
    @Test func booleansAreNotNumbers() throws {
        #expect(try message(#"{"a": true}"#, #"{"properties": {"a": {"type": "integer"}}}"#) == "must be an integer")
        #expect(try message(#"{"a": 1}"#, #"{"properties": {"a": {"type": "boolean"}}}"#) == "must be a boolean")
        #expect(try message(#"{"a": 0}"#, #"{"properties": {"a": {"enum": [false]}}}"#) == "must be one of: false")
        #expect(try message(#"{"a": 1}"#, #"{"properties": {"a": {"const": true}}}"#) == "must be true")
        #expect(try message(#"{"a": [1, true]}"#, #"{"properties": {"a": {"uniqueItems": true}}}"#) == nil)
    }

    @Test func nullableInOpenAPI30AndNullInOpenAPI31() throws {
        let nullable = #"{"properties": {"a": {"type": "string", "nullable": true}}}"#
        #expect(try message(#"{"a": null}"#, nullable, version: "3.0.3") == nil)
        #expect(try message(#"{"a": 2}"#, nullable, version: "3.0.3") == "must be a string or null")
        #expect(try message(#"{"a": null}"#, #"{"properties": {"a": {"type": "string"}}}"#, version: "3.0.3") == "must be a string")
        #expect(try message(#"{"a": null}"#, #"{"properties": {"a": {"type": ["string", "null"]}}}"#) == nil)
    }

    @Test func exclusiveBoundsInBothForms() throws {
        let openAPI30 = #"{"properties": {"a": {"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 10, "exclusiveMaximum": false}}}"#
        #expect(try message(#"{"a": 0}"#, openAPI30, version: "3.0.3") == "must be greater than 0")
        #expect(try message(#"{"a": 0.001}"#, openAPI30, version: "3.0.3") == nil)
        #expect(try message(#"{"a": 10}"#, openAPI30, version: "3.0.3") == nil)
        let openAPI31 = #"{"properties": {"a": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10}}}"#
        #expect(try message(#"{"a": 0}"#, openAPI31) == "must be greater than 0")
        #expect(try message(#"{"a": 10}"#, openAPI31) == "must be less than 10")
        #expect(try message(#"{"a": 9.99}"#, openAPI31) == nil)
        #expect(try message(#"{"a": 11}"#, #"{"properties": {"a": {"maximum": 10}}}"#) == "must be at most 10")
    }

    @Test func multipleOfIsExactForDecimalSteps() throws {
        let price = #"{"properties": {"a": {"multipleOf": 0.01}}}"#
        #expect(try message(#"{"a": 19.99}"#, price) == nil)
        #expect(try message(#"{"a": 0.07}"#, price) == nil)
        #expect(try message(#"{"a": 19.999}"#, price) == "must be a multiple of 0.01")
        #expect(try message(#"{"a": 9007199254740993}"#, #"{"properties": {"a": {"multipleOf": 2}}}"#) == "must be a multiple of 2")
    }

    @Test func enumAndConstCompareByValue() throws {
        #expect(try message(#"{"a": 1.0}"#, #"{"properties": {"a": {"enum": [1, "one"]}}}"#) == nil)
        #expect(try message(#"{"a": {"y": 2, "x": 1}}"#, #"{"properties": {"a": {"const": {"x": 1, "y": 2}}}}"#) == nil)
        #expect(try message(#"{"a": "e\u0301"}"#, #"{"properties": {"a": {"const": "é"}}}"#) == "must be é")
    }

    @Test func stringLengthsCountCodePoints() throws {
        let schema = #"{"properties": {"a": {"minLength": 2, "maxLength": 3}}}"#
        #expect(try message(#"{"a": "🍊🍊🍊"}"#, schema) == nil)
        #expect(try message(#"{"a": "🍊"}"#, schema) == "must have at least 2 characters")
        #expect(try message(#"{"a": "abcd"}"#, schema) == "must have at most 3 characters")
    }

    @Test func patternsAreSearchedUnanchored() throws {
        #expect(try message(#"{"a": "xx42yy"}"#, #"{"properties": {"a": {"pattern": "[0-9]+"}}}"#) == nil)
        #expect(try message(#"{"a": "xx"}"#, #"{"properties": {"a": {"pattern": "[0-9]+"}}}"#) == "must match the pattern [0-9]+")
    }

    @Test func objectCountsAndPatternProperties() throws {
        #expect(try message("{}", #"{"minProperties": 1}"#) == "must have at least 1 member")
        #expect(try message(#"{"a": 1, "b": 2}"#, #"{"maxProperties": 1}"#) == "must have at most 1 member")
        let patterned = #"{"patternProperties": {"^x-": {"type": "string"}}, "additionalProperties": false}"#
        #expect(try message(#"{"x-a": "1"}"#, patterned) == nil)
        #expect(try pointer(#"{"x-a": 1}"#, patterned) == "/x-a")
        #expect(try message(#"{"y": "1"}"#, patterned) == "is not allowed")
    }

    @Test func arrays() throws {
        let tuple = #"{"prefixItems": [{"type": "string"}, {"type": "integer"}], "items": {"type": "boolean"}, "minItems": 2, "maxItems": 4}"#
        #expect(try message(#"["a", 1, true]"#, tuple) == nil)
        #expect(try pointer(#"["a", "b"]"#, tuple) == "/1")
        #expect(try pointer(#"["a", 1, 2]"#, tuple) == "/2")
        #expect(try message(#"["a"]"#, tuple) == "must have at least 2 items")
        #expect(try message(#"[1, 2, 1.0]"#, #"{"uniqueItems": true}"#) == "must not hold the same item twice")
        #expect(try message(#"[{"a": 1, "b": 2}, {"b": 2, "a": 1}]"#, #"{"uniqueItems": true}"#) == "must not hold the same item twice")
        #expect(try message(#"[[1], [1, 1]]"#, #"{"uniqueItems": true}"#) == nil)
    }

    @Test func combinations() throws {
        let all = #"{"allOf": [{"required": ["a"]}, {"properties": {"a": {"type": "integer"}}}]}"#
        #expect(try message("{}", all) == "is required")
        #expect(try pointer(#"{"a": "x"}"#, all) == "/a")
        let one = #"{"oneOf": [{"type": "integer"}, {"minimum": 2}]}"#
        #expect(try message(#"{"a": 1}"#, #"{"properties": {"a": \#(one)}}"#) == nil)
        #expect(try message(#"{"a": 3}"#, #"{"properties": {"a": \#(one)}}"#) == "must match only one of the schemas under oneOf, not several")
        #expect(try message(#"{"a": 1.5}"#, #"{"properties": {"a": \#(one)}}"#) == "must match one of the schemas under oneOf")
        let any = #"{"properties": {"a": {"anyOf": [{"type": "string"}, {"type": "integer"}]}}}"#
        #expect(try message(#"{"a": 3}"#, any) == nil)
        #expect(try message(#"{"a": 3.5}"#, any) == "must match at least one of the schemas under anyOf")
        #expect(try message(#"{"a": "x"}"#, #"{"properties": {"a": {"not": {"type": "string"}}}}"#) == "must not match the schema under not")
    }

    @Test func referencesAndRecursiveSchemas() throws {
        let components = #"""
            {"Tree": {"type": "object", "required": ["name"], "properties": {
               "name": {"type": "string"}, "children": {"type": "array", "items": {"$ref": "#/components/schemas/Tree"}}}},
             "a~b/c": {"type": "integer"}}
            """#
        let tree = ##"{"$ref": "#/components/schemas/Tree"}"##
        #expect(try message(#"{"name": "root", "children": [{"name": "a", "children": [{"name": "b"}]}]}"#, tree, components: components) == nil)
        #expect(try pointer(#"{"name": "root", "children": [{"name": "a", "children": [{"name": 2}]}]}"#, tree, components: components) == "/children/0/children/0/name")
        #expect(try pointer(#"{"name": "root", "children": [{"children": []}]}"#, tree, components: components) == "/children/0/name")
        let escaped = ##"{"properties": {"n": {"$ref": "#/components/schemas/a~0b~1c"}}}"##
        #expect(try message(#"{"n": "x"}"#, escaped, components: components) == "must be an integer")
    }

    @Test(arguments: [
        ("date", "2024-02-29", true), ("date", "2023-02-29", false), ("date", "2026-13-01", false), ("date", "2026-1-01", false),
        ("date-time", "2026-01-31T12:00:00Z", true), ("date-time", "2026-01-31t12:00:00.123+05:30", true),
        ("date-time", "2026-01-31 12:00:00Z", false), ("date-time", "2026-01-31T12:00:00", false), ("date-time", "2026-01-31T24:00:00Z", false),
        ("date-time", "1998-12-31T23:59:60Z", true), ("date-time", "1998-12-31T22:59:60Z", false), ("date-time", "1998-12-31T15:59:60-08:00", true),
        ("time", "08:30:00+01:00", true), ("time", "08:30+01:00", false), ("time", "08:30:00", false),
        ("email", "ana.lopez+shop@example.com", true), ("email", "\"ana lopez\"@example.com", true), ("email", "ana@[192.0.2.1]", true),
        ("email", "ana..lopez@example.com", false), ("email", "ana@", false), ("email", "@example.com", false), ("email", "ana@-example.com", false),
        ("uuid", "2EB8AA08-AA98-11EA-B4AA-73B441D16380", true), ("uuid", "2eb8aa08-aa98-11ea-b4aa-73b441d1638", false),
        ("uuid", "2eb8aa08aa9811eab4aa73b441d16380", false),
        ("uri", "https://example.com/a?b=c#d", true), ("uri", "urn:isbn:0451450523", true), ("uri", "//example.com", false),
        ("uri", "https://example.com/a b", false), ("uri", "https://example.com/%zz", false), ("uri", "http://x/#a#b", false),
        ("ipv4", "192.0.2.1", true), ("ipv4", "256.0.0.1", false), ("ipv4", "192.0.2.01", false), ("ipv4", "192.0.2", false),
        ("ipv6", "2001:db8::1", true), ("ipv6", "::", true), ("ipv6", "::ffff:192.0.2.1", true), ("ipv6", "1:2:3:4:5:6:7:8", true),
        ("ipv6", "1:2:3:4:5:6:7::", true), ("ipv6", "1:2:3:4:5:6:7:8:9", false), ("ipv6", "1::2::3", false), ("ipv6", "12345::", false),
        ("ipv6", ":1:2:3:4:5:6:7", false), ("ipv6", "fe80::1%eth0", false), ("ipv6", "1:2:3:4:5:6:7:8::", false),
        ("hostname", "shop.example.com", true), ("hostname", "-shop.example.com", false), ("hostname", "shop_1.example.com", false),
        ("unknown-format", "anything", true),
    ])
    func formats(_ format: String, _ value: String, _ valid: Bool) throws {
        let schema = #"{"properties": {"a": {"type": "string", "format": "\#(format)"}}}"#
        let body = #"{"a": "\#(value.replacing("\"", with: "\\\""))"}"#
        let failure = try message(body, schema)
        #expect((failure == nil) == valid, "\(value) as \(format): \(failure ?? "valid")")
    }

    @Test func integerFormats() throws {
        let schema = #"{"properties": {"a": {"type": "integer", "format": "int32"}, "b": {"type": "integer", "format": "int64"}}}"#
        #expect(try message(#"{"a": 2147483647, "b": 9223372036854775807}"#, schema) == nil)
        #expect(try message(#"{"a": 2147483648}"#, schema) == "must be a 32-bit integer")
        #expect(try message(#"{"b": 9223372036854775808}"#, schema) == "must be a 64-bit integer")
        #expect(try message(#"{"b": -9223372036854775808}"#, schema) == nil)
        // A format applies to its own type only.
        #expect(try message(#"{"c": 12}"#, #"{"properties": {"c": {"format": "date"}}}"#) == nil)
    }
}
