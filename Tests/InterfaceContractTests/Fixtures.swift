import Foundation
import InterfaceContract
import Testing

/// The documents and requests the tests share.
enum Fixtures {
    /// An OpenAPI 3.1 document of shops and orders, with every kind of parameter and a body with nested members.
    static let shops = #"""
        {
          "openapi": "3.1.0",
          "info": {"title": "Shops", "version": "1.0.0"},
          "paths": {
            "/shops": {
              "get": {
                "parameters": [
                  {"name": "postalCode", "in": "query", "schema": {"type": "string", "pattern": "^[0-9]{5}$"}},
                  {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
                  {"name": "open", "in": "query", "schema": {"type": "boolean"}},
                  {"name": "tag", "in": "query", "schema": {"type": "array", "items": {"type": "string", "enum": ["phone", "fibre"]}}},
                  {"name": "ids", "in": "query", "explode": false, "schema": {"type": "array", "items": {"type": "integer"}}},
                  {"name": "X-Region", "in": "header", "required": true, "schema": {"type": "string", "enum": ["west", "east"]}},
                  {"name": "X-Ids", "in": "header", "schema": {"type": "array", "items": {"type": "integer"}}},
                  {"name": "session", "in": "cookie", "required": true, "schema": {"type": "string"}},
                  {"name": "Authorization", "in": "header", "required": true, "schema": {"type": "string"}},
                  {"name": "filter", "in": "query", "content": {"application/json": {"schema": {"type": "object"}}}}
                ]
              },
              "post": {"requestBody": {"$ref": "#/components/requestBodies/NewShop"}}
            },
            "/shops/nearby": {
              "get": {"parameters": [{"$ref": "#/components/parameters/Latitude"}]}
            },
            "/shops/{id}": {
              "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string", "minLength": 3}}],
              "get": {},
              "delete": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}]}
            },
            "/shops/{id}/hours": {"get": {}},
            "/shops/nearby/map": {"get": {}},
            "/reports/{year}.pdf": {
              "get": {"parameters": [{"name": "year", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 2000}}]}
            },
            "/reports/{name}": {"get": {"parameters": [{"name": "name", "in": "path", "required": true, "schema": {"type": "string"}}]}},
            "/orders": {
              "post": {
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Order"}},
                    "application/xml": {}
                  }
                }
              }
            },
            "/notes/": {"put": {"requestBody": {"content": {"text/*": {}, "application/merge-patch+json": {"schema": {"type": "object"}}}}}},
            "/ping": {"post": {}}
          },
          "components": {
            "parameters": {
              "Latitude": {"name": "lat", "in": "query", "required": true, "schema": {"type": "number", "minimum": -90, "maximum": 90}}
            },
            "requestBodies": {
              "NewShop": {
                "required": true,
                "content": {"application/json": {"schema": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}}}
              }
            },
            "schemas": {
              "Order": {
                "type": "object",
                "required": ["id", "items", "customer"],
                "properties": {
                  "id": {"type": "string", "readOnly": true},
                  "items": {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/Line"}},
                  "customer": {"type": "object", "required": ["email"], "properties": {"email": {"type": "string", "format": "email"}}},
                  "note": {"type": ["string", "null"], "maxLength": 140}
                },
                "additionalProperties": false
              },
              "Line": {
                "type": "object",
                "required": ["sku", "quantity"],
                "properties": {
                  "sku": {"type": "string", "pattern": "^[A-Z]{3}-[0-9]+$"},
                  "quantity": {"type": "integer", "minimum": 1},
                  "size": {"enum": ["small", "large"]}
                }
              }
            }
          }
        }
        """#

    static let shopsContract = Result { try CompiledContract(openAPI: shops) }

    /// The operation `method path` of the shops document.
    static func operation(_ method: String, _ path: String, in contract: CompiledContract? = nil) throws -> (ContractOperation, [String: Substring]) {
        let contract = try contract ?? shopsContract.get()
        guard case .operation(let operation, let parameters) = contract.route(method: method, path: path[...]) else {
            Issue.record("\(method) \(path) is not an operation")
            throw CancellationError()
        }
        return (operation, parameters)
    }

    /// A request with these parts; `headers` by lowercase name.
    static func request(
        _ parameters: [String: Substring] = [:], query: String? = nil, headers: [String: [String]] = ["x-region": ["west"]],
        contentType: String? = nil, body: String? = nil
    ) -> ContractRequest {
        ContractRequest(
            pathParameters: parameters, query: query?[...], headerValues: { headers[$0] ?? [] }, contentType: contentType,
            body: body.map { Data($0.utf8) })
    }

    /// The first problem of `body` (JSON) against `schema` (JSON), in an OpenAPI `version` document whose
    /// `components.schemas` are `components`.
    static func check(_ body: String, against schema: String, version: String = "3.1.0", components: String = "{}") throws -> ContractViolation? {
        let document = """
            {"openapi": "\(version)", "info": {"title": "T", "version": "1"},
             "paths": {"/things": {"post": {"requestBody": {"content": {"application/json": {"schema": \(schema)}}}}}},
             "components": {"schemas": \(components)}}
            """
        let (operation, _) = try operation("POST", "/things", in: CompiledContract(openAPI: document))
        return operation.check(request(contentType: "application/json", body: body))
    }

    /// The refusal an operator gets for `document`, or nil when it compiles.
    static func documentError(_ document: String) -> String? {
        do {
            _ = try CompiledContract(openAPI: document)
            return nil
        } catch {
            return error.description
        }
    }

    /// A document of one `GET /things` whose `parameters` are `parameters` (a JSON array).
    static func withParameters(_ parameters: String) -> String {
        """
        {"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {"/things": {"get": {"parameters": \(parameters)}}}}
        """
    }
}
