import DeveloperPortal
import Foundation
import Testing

/// Issue 17, item 2: the API page's Postman collection (format v2.1), read back as Postman would read the file.
@Suite struct PostmanCollectionTests {
    static let collection = PostmanCollection(
        apiName: "Shops", tokenURL: "https://api.example.com/oauth/v3/token", baseURL: "https://api.example.com/poi/v1/",
        clientID: "client-4f2a",
        operations: [
            (method: "GET", path: "/shops", summary: "List the shops"),
            (method: "GET", path: "/shops/{shopId}", summary: ""),
            (method: "POST", path: "/shops/{shopId}/visits/{visitId}", summary: "Record a visit"),
        ])

    /// The collection as JSON objects.
    static func document(_ collection: PostmanCollection = PostmanCollectionTests.collection) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: collection.json()) as? [String: Any])
    }

    /// The collection's variables, by key.
    static func variables(_ document: [String: Any]) throws -> [String: [String: Any]] {
        let variables = try #require(document["variable"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: variables.map { ($0["key"] as? String ?? "", $0) })
    }

    @Test func itIsAVersion21CollectionWithTheEndpointsAndNoSecret() throws {
        let document = try Self.document()
        let info = try #require(document["info"] as? [String: Any])
        #expect(info["schema"] as? String == "https://schema.getpostman.com/json/collection/v2.1.0/collection.json")
        #expect(info["name"] as? String == "Shops")
        let variables = try Self.variables(document)
        #expect(Set(variables.keys) == ["token_url", "base_url", "client_id", "client_secret"])
        #expect(variables["token_url"]?["value"] as? String == "https://api.example.com/oauth/v3/token")
        #expect(variables["base_url"]?["value"] as? String == "https://api.example.com/poi/v1")
        #expect(variables["client_id"]?["value"] as? String == "client-4f2a")
        #expect(variables["client_secret"]?["value"] as? String == "")
        let advice = try #require(variables["client_secret"]?["description"] as? String)
        #expect(advice.contains("environment") && advice.contains("never"))
    }

    @Test func withoutAClientIDTheVariableIsLeftToSet() throws {
        var collection = Self.collection
        collection.clientID = nil
        let variables = try Self.variables(try Self.document(collection))
        #expect(variables["client_id"]?["value"] as? String == "")
        #expect(!String(decoding: collection.json(), as: UTF8.self).contains("client-4f2a"))
    }

    /// Seed 002's token request, made by the collection before any of its requests, and the token kept until a minute
    /// before its expiry.
    @Test func thePreRequestScriptGetsAClientCredentialsTokenAndKeepsIt() throws {
        let events = try #require(try Self.document()["event"] as? [[String: Any]])
        #expect(events.count == 1)
        let event = try #require(events.first)
        #expect(event["listen"] as? String == "prerequest")
        let script = try #require(event["script"] as? [String: Any])
        #expect(script["type"] as? String == "text/javascript")
        let lines = try #require(script["exec"] as? [String])
        let code = lines.joined(separator: "\n")
        for part in [
            "pm.sendRequest(", #"pm.variables.get("token_url")"#, #"method: "POST""#,
            #""Basic " + btoa(clientID + ":" + clientSecret)"#, #"pm.variables.get("client_secret")"#,
            #""Content-Type": "application/x-www-form-urlencoded""#, #"Accept: "application/json""#,
            #"{ key: "grant_type", value: "client_credentials" }"#, "answer.code !== 200",
            #"pm.collectionVariables.set("access_token", token.access_token)"#, "(token.expires_in - 60) * 1000",
            "Date.now() >= expiresAt",
        ] {
            #expect(code.contains(part), "\(part)")
        }
    }

    @Test func eachOperationIsARequestWithTheTokenAndItsPathVariables() throws {
        let items = try #require(try Self.document()["item"] as? [[String: Any]])
        #expect(items.map { $0["name"] as? String } == ["List the shops", "GET /shops/{shopId}", "Record a visit"])
        let requests = try items.map { try #require($0["request"] as? [String: Any]) }
        #expect(requests.map { $0["method"] as? String } == ["GET", "GET", "POST"])
        for request in requests {
            let headers = try #require(request["header"] as? [[String: String]])
            #expect(headers.contains(["key": "Authorization", "value": "Bearer {{access_token}}"]))
            #expect(headers.contains(["key": "Accept", "value": "application/json"]))
        }
        let urls = try requests.map { try #require($0["url"] as? [String: Any]) }
        #expect(
            urls.map { $0["raw"] as? String } == [
                "{{base_url}}/shops", "{{base_url}}/shops/:shopId", "{{base_url}}/shops/:shopId/visits/:visitId",
            ])
        #expect(urls.allSatisfy { $0["host"] as? [String] == ["{{base_url}}"] })
        #expect(urls[2]["path"] as? [String] == ["shops", ":shopId", "visits", ":visitId"])
        #expect(urls[0]["variable"] == nil)
        let variables = try #require(urls[2]["variable"] as? [[String: Any]])
        #expect(variables.map { $0["key"] as? String } == ["shopId", "visitId"])
    }
}
