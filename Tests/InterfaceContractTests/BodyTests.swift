import InterfaceContract
import OAuthCore
import Testing

/// Request bodies (OpenAPI 3.1 §4.8.13, §4.8.14): required ones, media types, and JSON ones against their schema,
/// with Orange's codes 21–24 and 68.
@Suite struct BodyTests {
    let orders: ContractOperation

    init() throws {
        orders = try Fixtures.operation("POST", "/orders").0
    }

    func check(_ body: String?, contentType: String? = "application/json") -> ContractViolation? {
        orders.check(Fixtures.request(contentType: contentType, body: body))
    }

    static let order = #"{"items": [{"sku": "ABC-1", "quantity": 2, "size": "large"}], "customer": {"email": "ana@example.com"}, "note": null}"#

    @Test func aConformingBodyPasses() {
        #expect(check(Self.order) == nil)
        #expect(check(Self.order, contentType: "Application/JSON; charset=utf-8") == nil)
    }

    @Test(arguments: [nil, ""])
    func aRequiredBodyThatIsAbsentIs21(_ body: String?) throws {
        let violation = try #require(check(body))
        #expect(violation.kind == .missingBody)
        #expect(violation.error == OrangeError.missingBody.describing("The request body is required (application/json or application/xml)."))
    }

    @Test func aBodyThatIsNotJSONIs22() throws {
        let violation = try #require(check(#"{"items": [}"#))
        #expect(violation.kind == .invalidBody)
        #expect(violation.pointer == "")
        #expect(violation.error.code == 22)
        #expect(violation.error.description == "The body is not valid JSON: it has an unexpected character (byte 11).")
    }

    @Test func aBodyOfTheWrongTypeIs22() throws {
        let violation = try #require(check("[1, 2]"))
        #expect(violation.kind == .invalidBody)
        #expect(violation.error == OrangeError.invalidBody.describing("The body must be an object."))
    }

    @Test func aMissingMemberIs23WithItsPointer() throws {
        let violation = try #require(check(#"{"items": [{"sku": "ABC-1"}], "customer": {"email": "ana@example.com"}}"#))
        #expect(violation.kind == .missingBodyField)
        #expect(violation.pointer == "/items/0/quantity")
        #expect(violation.error == OrangeError.missingBodyField.describing("The body member /items/0/quantity is required."))
    }

    @Test func anInvalidMemberIs24WithItsPointer() throws {
        let violation = try #require(check(#"{"items": [{"sku": "ABC-1", "quantity": "2"}], "customer": {"email": "ana@example.com"}}"#))
        #expect(violation.kind == .invalidBodyField)
        #expect(violation.pointer == "/items/0/quantity")
        #expect(violation.message == "must be an integer")
        #expect(violation.error == OrangeError.invalidBodyField.describing("The body member /items/0/quantity must be an integer."))
    }

    @Test func membersAreReportedInPropertiesOrder() {
        // Both `items` and `customer` are wrong: `items` comes first in `properties`.
        #expect(check(#"{"customer": {}, "items": []}"#)?.pointer == "/items")
        #expect(check(#"{"customer": {}, "items": [{"sku": "ABC-1", "quantity": 1}]}"#)?.pointer == "/customer/email")
    }

    @Test func readOnlyPropertiesAreNotRequiredInARequest() {
        // `id` is in `required`, and readOnly.
        #expect(check(Self.order) == nil)
    }

    @Test func additionalMembersAreRefusedWhenTheSchemaSaysSo() throws {
        let violation = try #require(check(#"{"items": [{"sku": "ABC-1", "quantity": 1}], "customer": {"email": "a@b.c"}, "zz": 1, "coupon": "X"}"#))
        #expect(violation.pointer == "/coupon")
        #expect(violation.error.description == "The body member /coupon is not allowed.")
    }

    @Test func aLongMemberNameIsCutInThePointer() throws {
        let name = String(repeating: "n", count: 5000)
        let violation = try #require(check(#"{"items": [{"sku": "ABC-1", "quantity": 1}], "customer": {"email": "a@b.c"}, "\#(name)": 1}"#))
        #expect(violation.pointer == "/" + String(repeating: "n", count: 100) + "…")
    }

    @Test func pointersEscapeSlashAndTilde() throws {
        let violation = try #require(try Fixtures.check(#"{"a/b~c": "x"}"#, against: #"{"additionalProperties": {"type": "integer"}}"#))
        #expect(violation.pointer == "/a~1b~0c")
    }

    @Test func anUndeclaredMediaTypeIs415WithTheAcceptedOnes() throws {
        let violation = try #require(check("a=b", contentType: "application/x-www-form-urlencoded"))
        #expect(violation.kind == .unsupportedMediaType)
        #expect(violation.status == 415)
        #expect(violation.error == OrangeError.unsupportedMediaType.describing("The request body must be application/json or application/xml."))
        #expect(check(Self.order, contentType: nil)?.status == 415)
    }

    @Test func otherDeclaredMediaTypesAreTakenAsTheyAre() {
        #expect(check("<order/>", contentType: "application/xml") == nil)
    }

    @Test func wildcardsAndJSONSuffixes() throws {
        let (notes, _) = try Fixtures.operation("PUT", "/notes/")
        #expect(notes.check(Fixtures.request(contentType: "text/plain", body: "{not json")) == nil)
        #expect(notes.check(Fixtures.request(contentType: "application/merge-patch+json", body: "{}")) == nil)
        #expect(notes.check(Fixtures.request(contentType: "application/merge-patch+json", body: "[]"))?.kind == .invalidBody)
        #expect(notes.check(Fixtures.request(contentType: "application/json", body: "{}"))?.kind == .unsupportedMediaType)
        // Not required: no body at all is fine.
        #expect(notes.check(Fixtures.request()) == nil)
    }

    @Test func aBodyWhereNoneIsDeclaredIsTakenAsItIs() throws {
        let (ping, _) = try Fixtures.operation("POST", "/ping")
        #expect(ping.check(Fixtures.request(contentType: "application/json", body: "{not json")) == nil)
    }

    @Test func aReferencedRequestBodyIsFollowed() throws {
        let (newShop, _) = try Fixtures.operation("POST", "/shops")
        let request = { (body: String?) in Fixtures.request(headers: ["x-region": ["west"]], contentType: "application/json", body: body) }
        #expect(newShop.check(request(nil))?.kind == .missingBody)
        #expect(newShop.check(request(#"{"name": 3}"#))?.error.description == "The body member /name must be a string.")
        #expect(newShop.check(request(#"{"name": "Rennes"}"#)) == nil)
    }

    @Test func formatsAndPatternsOfNestedMembers() {
        #expect(check(#"{"items": [{"sku": "abc-1", "quantity": 1}], "customer": {"email": "a@b.c"}}"#)?.message == "must match the pattern ^[A-Z]{3}-[0-9]+$")
        #expect(check(#"{"items": [{"sku": "ABC-1", "quantity": 1}], "customer": {"email": "ana"}}"#)?.message == "must be an e-mail address")
        #expect(check(#"{"items": [{"sku": "ABC-1", "quantity": 1, "size": "medium"}], "customer": {"email": "a@b.c"}}"#)?.message == "must be one of: small, large")
    }
}
