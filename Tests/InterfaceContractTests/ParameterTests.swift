import InterfaceContract
import OAuthCore
import Testing

/// Parameters (OpenAPI 3.1 §4.8.12): required ones, values read by their schema's type, arrays by style, and the
/// Orange codes of each refusal.
@Suite struct ParameterTests {
    let shops: ContractOperation

    init() throws {
        shops = try Fixtures.operation("GET", "/shops").0
    }

    func check(query: String? = nil, headers: [String: [String]] = ["x-region": ["west"]]) -> ContractViolation? {
        shops.check(Fixtures.request(query: query, headers: headers))
    }

    @Test func aConformingRequestPasses() {
        #expect(check() == nil)
        #expect(check(query: "postalCode=35000&limit=10&open=true&tag=phone&tag=fibre&ids=1,2,3&other=whatever") == nil)
    }

    @Test func aMissingRequiredQueryParameterIs27() throws {
        let (nearby, _) = try Fixtures.operation("GET", "/shops/nearby")
        let violation = try #require(nearby.check(Fixtures.request(query: "lon=2")))
        #expect(violation.kind == .missingQueryParameter)
        #expect(violation.pointer == "lat")
        #expect(violation.status == 400)
        #expect(violation.error == OrangeError.missingQueryParameter.describing("The query-string parameter lat is required."))
        #expect(nearby.check(Fixtures.request(query: "lat=48.1")) == nil)
        #expect(nearby.check(Fixtures.request(query: "lat=-90")) == nil)
        #expect(nearby.check(Fixtures.request(query: "lat=91"))?.message == "must be at most 90")
    }

    @Test func anInvalidQueryParameterIs28AndNamesIt() throws {
        let violation = try #require(check(query: "limit=ten"))
        #expect(violation.kind == .invalidQueryParameter)
        #expect(violation.error.code == 28)
        #expect(violation.error.description == "The query-string parameter limit must be an integer.")
        #expect(check(query: "limit=0")?.message == "must be at least 1")
        #expect(check(query: "limit=2.5")?.message == "must be an integer")
        #expect(check(query: "limit=2.0") == nil)
        #expect(check(query: "limit=")?.message == "must be an integer")
        #expect(check(query: "limit=%2B5")?.message == "must be an integer")
    }

    @Test func theClientsValueIsNeverEchoed() throws {
        let violation = try #require(check(query: "postalCode=<script>"))
        #expect(violation.error.description == "The query-string parameter postalCode must match the pattern ^[0-9]{5}$.")
        #expect(!violation.error.description.contains("script"))
    }

    @Test func everyOccurrenceOfAScalarIsChecked() {
        #expect(check(query: "limit=5&limit=500")?.message == "must be at most 100")
    }

    @Test func booleansAreTrueOrFalse() {
        #expect(check(query: "open=false") == nil)
        #expect(check(query: "open=1")?.message == "must be a boolean")
        #expect(check(query: "open=True")?.message == "must be a boolean")
    }

    @Test func queryStringsArePercentDecodedWithPlusAsSpace() throws {
        let document = Fixtures.withParameters(#"[{"name": "q", "in": "query", "required": true, "schema": {"const": "rue de la paix"}}]"#)
        let (things, _) = try Fixtures.operation("GET", "/things", in: CompiledContract(openAPI: document))
        #expect(things.check(Fixtures.request(query: "q=rue+de%20la+paix")) == nil)
        #expect(things.check(Fixtures.request(query: "%71=rue+de+la+paix")) == nil)
        #expect(things.check(Fixtures.request(query: "q=rue+de+la+paix+"))?.message == "must be rue de la paix")
    }

    @Test func anInvalidPercentEncodingIsAnInvalidQueryParameter() throws {
        let declared = try #require(check(query: "postalCode=35%0"))
        #expect(declared.kind == .invalidQueryParameter)
        #expect(declared.error.description == "The query-string parameter postalCode has an invalid percent-encoding.")
        let elsewhere = try #require(check(query: "x%zz=1"))
        #expect(elsewhere.error.description == "The query string has an invalid percent-encoding.")
        #expect(check(query: "postalCode=%FF")?.kind == .invalidQueryParameter)
    }

    @Test func explodedArraysAreRepeatedParameters() {
        #expect(check(query: "tag=phone&tag=tv")?.message == "has an item that must be one of: phone, fibre")
        #expect(check(query: "tag=phone,fibre")?.message == "has an item that must be one of: phone, fibre")
    }

    @Test func unexplodedArraysAreCommaSeparated() {
        #expect(check(query: "ids=1,2,x")?.message == "has an item that must be an integer")
        #expect(check(query: "ids=") == nil)
        #expect(check(query: "ids=4") == nil)
    }

    @Test func aMissingRequiredHeaderIs25() throws {
        let violation = try #require(check(headers: [:]))
        #expect(violation.kind == .missingHeader)
        #expect(violation.error == OrangeError.missingHeader.describing("The header X-Region is required."))
    }

    @Test func anInvalidHeaderIs26() throws {
        let violation = try #require(check(headers: ["x-region": ["north"]]))
        #expect(violation.kind == .invalidHeader)
        #expect(violation.pointer == "X-Region")
        #expect(violation.error == OrangeError.invalidHeader.describing("The header X-Region must be one of: west, east."))
        #expect(check(headers: ["x-region": [" east "]]) == nil)
        #expect(check(headers: ["x-region": ["west", "north"]])?.kind == .invalidHeader)
    }

    @Test func headerArraysAreCommaSeparatedAcrossLines() {
        #expect(check(headers: ["x-region": ["west"], "x-ids": ["1, 2", "3"]]) == nil)
        #expect(check(headers: ["x-region": ["west"], "x-ids": ["1, two"]])?.message == "has an item that must be an integer")
    }

    @Test func cookiesAndAuthorizationAreNotChecked() {
        // `session` (a cookie) and `Authorization` are required in the document, and absent here.
        #expect(check() == nil)
    }

    @Test func contentParametersAreOnlyRequiredOrNot() {
        #expect(check(query: "filter=not-json") == nil)
    }

    @Test func anInvalidPathParameterIs20() throws {
        let (report, parameters) = try Fixtures.operation("GET", "/reports/1999.pdf")
        let violation = try #require(report.check(Fixtures.request(parameters)))
        #expect(violation.kind == .invalidPathParameter)
        #expect(violation.error == OrangeError.badRequest.describing("The path parameter year must be at least 2000."))
        #expect(violation.status == 400)
    }

    @Test func pathArraysAreCommaSeparated() throws {
        let document = """
            {"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {"/things/{ids}": {"get": {"parameters": [
              {"name": "ids", "in": "path", "required": true, "schema": {"type": "array", "items": {"type": "integer"}, "maxItems": 2}}]}}}}
            """
        let contract = try CompiledContract(openAPI: document)
        let (things, good) = try Fixtures.operation("GET", "/things/1,2", in: contract)
        #expect(things.check(Fixtures.request(good)) == nil)
        let (_, bad) = try Fixtures.operation("GET", "/things/1,2,3", in: contract)
        #expect(things.check(Fixtures.request(bad))?.message == "must have at most 2 items")
    }

    @Test func typesAreFoundThroughReferences() throws {
        let document = """
            {"openapi": "3.1.0", "info": {"title": "T", "version": "1"},
             "paths": {"/things": {"get": {"parameters": [{"name": "n", "in": "query", "schema": {"$ref": "#/components/schemas/Count"}}]}}},
             "components": {"schemas": {"Count": {"allOf": [{"type": "integer"}, {"maximum": 3}]}}}}
            """
        let (things, _) = try Fixtures.operation("GET", "/things", in: CompiledContract(openAPI: document))
        #expect(things.check(Fixtures.request(query: "n=2")) == nil)
        #expect(things.check(Fixtures.request(query: "n=4"))?.message == "must be at most 3")
    }
}
