import Foundation
import InterfaceContract
import OAuthCore

/// ``ContractOperation/check(_:)`` on a JSON body made of the input, as the gateway checks each call's body against
/// the API's OpenAPI document (issue 18), here a fixed one whose schema uses every keyword family the gateway reads:
/// a recursive tree, references, combinations, formats, patterns, bounds, unique items.
///
/// Checks that checking never traps and answers the same twice; that a refusal is a body refusal (21–24) with
/// status 400 and its kind's Orange code; that its pointer is a JSON pointer (empty, or `/`-separated) showing no
/// member name longer than 100 characters and a cut mark; and that its description stays short, whatever the body.
package enum ContractBodyFuzzTarget {
    static let document = #"""
        {"openapi": "3.1.0", "info": {"title": "Fuzz", "version": "1"},
         "paths": {"/orders": {"post": {"requestBody": {"required": true,
           "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Order"}}}}}}},
         "components": {"schemas": {
           "Order": {"type": "object", "required": ["items"], "properties": {
              "items": {"type": "array", "minItems": 1, "maxItems": 20, "items": {"$ref": "#/components/schemas/Line"}},
              "customer": {"type": "object", "properties": {"email": {"format": "email"}, "id": {"format": "uuid"},
                "since": {"format": "date-time"}, "ip": {"anyOf": [{"format": "ipv4"}, {"format": "ipv6"}]}, "site": {"format": "uri"}}},
              "tree": {"$ref": "#/components/schemas/Tree"},
              "note": {"type": ["string", "null"], "maxLength": 140, "pattern": "^[^<>]*$"},
              "tags": {"type": "array", "uniqueItems": true, "prefixItems": [{"const": "first"}], "items": {"enum": ["a", "b", 1, true, null]}}},
            "patternProperties": {"^x-": {"type": "string"}}, "additionalProperties": false},
           "Line": {"type": "object", "required": ["sku", "quantity"], "properties": {
              "sku": {"type": "string", "pattern": "^[A-Z]{3}-[0-9]+$"},
              "quantity": {"type": "integer", "minimum": 1, "exclusiveMaximum": 1000},
              "price": {"type": "number", "multipleOf": 0.01, "minimum": 0},
              "code": {"type": "integer", "format": "int32"}},
            "oneOf": [{"required": ["sku"]}, {"required": ["ean"]}]},
           "Tree": {"type": "object", "properties": {"name": {"type": "string", "minLength": 1},
              "children": {"type": "array", "items": {"$ref": "#/components/schemas/Tree"}}}, "not": {"required": ["forbidden"]}}}}}
        """#

    static let operation: ContractOperation = {
        guard let contract = try? CompiledContract(openAPI: document),
            case .operation(let operation, _) = contract.route(method: "POST", path: "/orders")
        else {
            fatalError("the fuzz target's contract does not compile")
        }
        return operation
    }()

    static let codes: [ContractViolation.Kind: Int] = [.missingBody: 21, .invalidBody: 22, .missingBodyField: 23, .invalidBodyField: 24]

    static func run(_ bytes: [UInt8]) {
        let violation = self.violation(bytes)
        check(violation == self.violation(bytes), "checking \(bytes) twice gives two answers")
        guard let violation else { return }
        check(codes[violation.kind] == violation.error.code && violation.status == 400, "\(violation) is not a body refusal")
        check(violation.pointer.isEmpty || violation.pointer.hasPrefix("/"), "\(violation.pointer) is not a JSON pointer")
        // RFC 6901 §4: a reference token's `~1` is `/`, its `~0` is `~`; the cut mark makes the 101st character.
        let names = violation.pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        check(
            names.allSatisfy { $0.replacing("~1", with: "/").replacing("~0", with: "~").count <= 101 },
            "\(violation.pointer) shows a member name longer than 100 characters")
        check(violation.error.description.utf8.count <= 8192, "a description of \(violation.error.description.utf8.count) bytes")
    }

    /// The Orange code of the refusal of `bytes` as the body, nil when it is valid: the corpus's `valid-*` bodies
    /// are (a test), so that the fuzzer starts from bodies that pass as well as from ones that do not.
    package static func refusalCode(_ bytes: [UInt8]) -> Int? {
        violation(bytes)?.error.code
    }

    private static func violation(_ bytes: [UInt8]) -> ContractViolation? {
        operation.check(ContractRequest(contentType: "application/json", body: Data(bytes)))
    }
}
