import PlatformServices
import PlatformStore
import Testing

@Suite struct ValidationTests {
    @Test(arguments: ["/poi/v1", "/a", "/cloud/v1/x-y_z.~"])
    func acceptsBasePaths(_ path: String) throws {
        #expect(try Validation.basePath(path) == path)
    }

    @Test(arguments: ["", "/", "poi/v1", "/poi/v1/", "/poi//v1", "/poi/../v1", "/poi v1", "/oauth", "/oauth/v3", "/healthz", "/openidconnect/x"])
    func refusesBasePaths(_ path: String) {
        #expect(throws: InvalidInput.self) { try Validation.basePath(path) }
    }

    @Test func normalisesEmailAddresses() throws {
        #expect(try Validation.email("  Dev@Example.COM ") == "dev@example.com")
        for bad in ["", "dev", "@example.com", "dev@", "dev@example", "a b@example.com", "a@b@example.com"] {
            #expect(throws: InvalidInput.self) { try Validation.email(bad) }
        }
    }

    @Test func acceptsSafeRedirectURIsOnly() throws {
        for good in ["https://www.myserver.com/cb", "http://127.0.0.1/callback", "http://[::1]/cb", "com.example.app:/oauth"] {
            #expect(try Validation.redirectURI(good) == good)
        }
        for bad in ["http://www.myserver.com/cb", "https://www.myserver.com/cb#frag", "/relative", "myapp:/cb", "https:///cb"] {
            #expect(throws: InvalidInput.self) { try Validation.redirectURI(bad) }
        }
    }

    @Test func checksUpstreamsAndNames() throws {
        #expect(try Validation.upstream("http://127.0.0.1:9000/v1/") == "http://127.0.0.1:9000/v1")
        #expect(throws: InvalidInput.self) { try Validation.upstream("ftp://example.com") }
        #expect(throws: InvalidInput.self) { try Validation.upstream("https://example.com/v1?x=1") }
        #expect(try Validation.apiName("poi") == "poi")
        #expect(throws: InvalidInput.self) { try Validation.apiName("-poi") }
        #expect(throws: InvalidInput.self) { try Validation.apiName("POI") }
    }

    @Test func acceptsAPIScopesThatAreScopeTokens() throws {
        #expect(try Validation.scopes(["cloud", "poi:read", "poi:read", "a/b"]) == ["a/b", "cloud", "poi:read"])
        for bad in ["", "two words", #"quote""#, "back\\slash", "openid", "offline_access", "portal", String(repeating: "x", count: 65)] {
            #expect(throws: InvalidInput.self, "\(bad)") { try Validation.scopes([bad]) }
        }
    }
}
