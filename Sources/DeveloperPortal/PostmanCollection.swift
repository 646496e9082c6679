import Foundation

/// An API's operations as a Postman collection (format v2.1) that gets its own token: issue 17, item 2, and seed 001's
/// "Code sample": "a code snippet or a Postman collection that can become code".
///
/// Seed 002's two steps, as the code samples take them: the collection's pre-request script asks the token endpoint
/// for a client credentials token (HTTP Basic with `client_id:client_secret`, `grant_type=client_credentials` as a
/// form, `Accept: application/json`), checks the status and keeps the token in the collection's variables until a
/// minute before it expires; every request sends `Authorization: Bearer {{access_token}}` and
/// `Accept: application/json`. The secret is never in the collection: its `client_secret` variable is empty, to be
/// set in a Postman environment.
package struct PostmanCollection: Sendable {
    /// One operation of the API's OpenAPI document (the caller maps `APIReference.Operation`): its method in
    /// capitals, its path template below the base URL (`/shops/{id}`) and its summary.
    package typealias Operation = (method: String, path: String, summary: String)

    package var apiName: String
    /// The token endpoint, such as `https://api.example.com/oauth/v3/token`.
    package var tokenURL: String
    /// The gateway's URL followed by the API's base path, such as `https://api.example.com/poi/v1`.
    package var baseURL: String
    /// The application's client ID, written into the collection; nil leaves the variable for the developer to set.
    package var clientID: String?
    package var operations: [Operation]

    package init(apiName: String, tokenURL: String, baseURL: String, clientID: String?, operations: [Operation]) {
        self.apiName = apiName
        self.tokenURL = tokenURL
        self.baseURL = baseURL
        self.clientID = clientID
        self.operations = operations
    }

    /// Where Postman finds the format of the collection (its `info.schema`).
    private static let schema = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"

    /// The collection, as a file to import into Postman (keys sorted, so that the same API gives the same bytes).
    package func json() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Strings and arrays of them only: JSONEncoder throws for nothing but non-finite numbers.
        return try! encoder.encode(document)
    }

    private var document: Document {
        Document(
            info: Info(
                name: apiName, schema: Self.schema,
                description: "Seed 002's two steps: the collection's pre-request script gets a client credentials token, "
                    + "every request sends it. Set client_secret in an environment, never in the collection."),
            variable: [
                Variable(key: "token_url", value: tokenURL, description: "The token endpoint (seed 002)."),
                Variable(
                    key: "base_url", value: baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL,
                    description: "The gateway's URL and the API's base path."),
                Variable(
                    key: "client_id", value: clientID ?? "",
                    description: "Your application's client ID (MyApps, Credentials tab)."),
                Variable(
                    key: "client_secret", value: "",
                    description: "Your application's client secret: set it in a Postman environment (or vault), never "
                        + "here, since a collection is shared and exported with its variables."),
            ],
            event: [Event(listen: "prerequest", script: Script(exec: Self.tokenScript))],
            item: operations.map(Self.item))
    }

    /// A request of the collection: the operation's URL with Postman path variables (`{id}` becomes `:id`), the token
    /// and `Accept: application/json`.
    private static func item(_ operation: Operation) -> Item {
        let segments = operation.path.split(separator: "/").map { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? ":" + segment.dropFirst().dropLast() : String(segment)
        }
        let variables = segments.filter { $0.hasPrefix(":") }.map { Variable(key: String($0.dropFirst()), value: "") }
        return Item(
            name: operation.summary.isEmpty ? "\(operation.method) \(operation.path)" : operation.summary,
            request: Request(
                method: operation.method,
                header: [
                    Header(key: "Authorization", value: "Bearer {{access_token}}"),
                    Header(key: "Accept", value: "application/json"),
                ],
                url: Address(
                    raw: "{{base_url}}/" + segments.joined(separator: "/"), host: ["{{base_url}}"], path: segments,
                    variable: variables.isEmpty ? nil : variables)))
    }

    /// The collection's pre-request script: seed 002's token request, made only when the kept token is missing or
    /// within a minute of its expiry (seed 002: "Do not make more token requests than one per hour").
    private static let tokenScript = """
        // Seed 002: a client credentials token, asked for once and reused until a minute before it expires.
        const expiresAt = Number(pm.collectionVariables.get("access_token_expires_at") || 0);
        if (!pm.collectionVariables.get("access_token") || Date.now() >= expiresAt) {
          const clientID = pm.variables.get("client_id");
          const clientSecret = pm.variables.get("client_secret");
          if (!clientID || !clientSecret) {
            throw new Error("Set client_id, and client_secret in an environment (never in the collection)");
          }
          pm.sendRequest({
            url: pm.variables.get("token_url"),
            method: "POST",
            header: {
              Authorization: "Basic " + btoa(clientID + ":" + clientSecret),
              "Content-Type": "application/x-www-form-urlencoded",
              Accept: "application/json",
            },
            body: { mode: "urlencoded", urlencoded: [{ key: "grant_type", value: "client_credentials" }] },
          }, (error, answer) => {
            if (error) throw error;
            if (answer.code !== 200) throw new Error("token: " + answer.code + " " + answer.text());
            const token = answer.json();
            pm.collectionVariables.set("access_token", token.access_token);
            pm.collectionVariables.set("access_token_expires_at", Date.now() + (token.expires_in - 60) * 1000);
          });
        }
        """.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
}

/// The parts of a v2.1 collection that this one uses, named as the format names them.
extension PostmanCollection {
    private struct Document: Encodable {
        var info: Info
        var variable: [Variable]
        var event: [Event]
        var item: [Item]
    }

    private struct Info: Encodable {
        var name: String
        var schema: String
        var description: String
    }

    private struct Variable: Encodable {
        var key: String
        var value: String
        var type = "string"
        var description: String?
    }

    private struct Event: Encodable {
        var listen: String
        var script: Script
    }

    private struct Script: Encodable {
        var type = "text/javascript"
        var exec: [String]
    }

    private struct Item: Encodable {
        var name: String
        var request: Request
    }

    private struct Request: Encodable {
        var method: String
        var header: [Header]
        var url: Address
    }

    private struct Header: Encodable {
        var key: String
        var value: String
    }

    /// A request's URL, taken apart as Postman keeps it.
    private struct Address: Encodable {
        var raw: String
        var host: [String]
        var path: [String]
        var variable: [Variable]?
    }
}
