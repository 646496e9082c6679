import InterfaceContract
import Testing

/// `CompiledContract.route`: OpenAPI 3.1 §4.8.8's path matching, after the API's base path.
@Suite struct RoutingTests {
    let contract: CompiledContract

    init() throws {
        contract = try Fixtures.shopsContract.get()
    }

    /// The template of the operation `method path` lands on, and its path parameters; nil when it lands on none.
    func landing(_ method: String, _ path: String) -> (template: String, method: String, parameters: [String: String])? {
        guard case .operation(let operation, let parameters) = contract.route(method: method, path: path[...]) else { return nil }
        return (operation.pathTemplate, operation.method, parameters.mapValues(String.init))
    }

    @Test func aLiteralSegmentBeatsATemplate() {
        #expect(landing("GET", "/shops/nearby")?.template == "/shops/nearby")
        #expect(landing("GET", "/shops/rennes-centre")?.template == "/shops/{id}")
        #expect(landing("GET", "/shops/rennes-centre")?.parameters == ["id": "rennes-centre"])
    }

    @Test func aTemplateIsTriedWhenTheLiteralBranchLeadsNowhere() {
        #expect(landing("GET", "/shops/nearby/hours")?.template == "/shops/{id}/hours")
        #expect(landing("GET", "/shops/nearby/hours")?.parameters == ["id": "nearby"])
        #expect(landing("GET", "/shops/nearby/map")?.template == "/shops/nearby/map")
    }

    @Test func literalTextAroundAVariableIsMoreSpecific() {
        #expect(landing("GET", "/reports/2026.pdf")?.template == "/reports/{year}.pdf")
        #expect(landing("GET", "/reports/2026.pdf")?.parameters == ["year": "2026"])
        #expect(landing("GET", "/reports/2026.csv")?.template == "/reports/{name}")
        // The variable itself is never empty.
        #expect(landing("GET", "/reports/.pdf")?.template == "/reports/{name}")
    }

    @Test func pathParametersArePercentDecoded() {
        #expect(landing("GET", "/shops/saint-malo%20intra%2Fmuros")?.parameters == ["id": "saint-malo intra/muros"])
        #expect(landing("GET", "/shops/caf%C3%A9")?.parameters == ["id": "café"])
        // A literal segment written with escapes is the same segment.
        #expect(landing("GET", "/shops/near%62y")?.template == "/shops/nearby")
    }

    @Test(arguments: ["/shop", "/shops/a/b/c", "/shops/", "/shops//hours", "/notes", "shops", "/shops/%zz", "/shops/%C3"])
    func unknownPaths(_ path: String) {
        guard case .unknownPath = contract.route(method: "GET", path: path[...]) else {
            Issue.record("\(path) routes somewhere")
            return
        }
    }

    @Test func aTrailingSlashIsAnotherPath() {
        #expect(landing("PUT", "/notes/")?.template == "/notes/")
        #expect(landing("GET", "/shops") != nil)
    }

    @Test func aWrongMethodListsTheAllowedOnes() {
        guard case .methodNotAllowed(let allowed) = contract.route(method: "PATCH", path: "/shops/abc") else {
            Issue.record("PATCH /shops/abc is not refused as a method")
            return
        }
        #expect(allowed == ["GET", "HEAD", "DELETE"])
        guard case .methodNotAllowed(let postOnly) = contract.route(method: "GET", path: "/orders") else {
            Issue.record("GET /orders is not refused as a method")
            return
        }
        #expect(postOnly == ["POST"])
    }

    @Test func headIsServedByGet() {
        #expect(landing("HEAD", "/shops/abc")?.method == "GET")
        guard case .methodNotAllowed = contract.route(method: "HEAD", path: "/orders") else {
            Issue.record("HEAD is allowed without GET")
            return
        }
    }

    @Test func methodsAreCaseSensitive() {
        guard case .methodNotAllowed = contract.route(method: "get", path: "/shops") else {
            Issue.record("get is taken for GET")
            return
        }
    }

    @Test func anOperationLevelParameterReplacesThePathLevelOne() throws {
        let (get, getParameters) = try Fixtures.operation("GET", "/shops/abcd")
        let (delete, deleteParameters) = try Fixtures.operation("DELETE", "/shops/abcd")
        #expect(get.check(Fixtures.request(getParameters)) == nil)
        #expect(delete.check(Fixtures.request(deleteParameters))?.message == "must be an integer")
        #expect(try Fixtures.operation("DELETE", "/shops/12").0.check(Fixtures.request(["id": "12"])) == nil)
        // The path-level rule holds where the operation has none of its own.
        #expect(get.check(Fixtures.request(["id": "ab"]))?.message == "must have at least 3 characters")
    }
}
