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
        for bad in ["", "two words", #"quote""#, "back\\slash", "openid", "offline_access", String(repeating: "x", count: 65)] {
            #expect(throws: InvalidInput.self, "\(bad)") { try Validation.scopes([bad]) }
        }
    }

    /// Issue 12: `serve --secret-renewal-grace` and `app renew-secret --grace`, 0 to 48 h.
    @Test func parsesSecretRenewalGracePeriods() throws {
        for (text, seconds) in [("0", 0.0), ("90s", 90), ("30m", 1800), ("12h", 43200), ("48h", 172_800), ("172800s", 172_800)] {
            #expect(try Validation.secretRenewalGrace(parsing: text) == seconds)
        }
        for text in ["49h", "172801s", "2881m"] {
            #expect(throws: InvalidInput("a grace period of \(text) is longer than 48h, the most a secret renewal allows")) {
                try Validation.secretRenewalGrace(parsing: text)
            }
        }
        for text in ["-1", "-1h", "", "h", "12", "1d", "1.5h", "+5m", " 5m", "5 m", "99999999999999999999h"] {
            #expect(throws: InvalidInput("'\(text)' is not a grace period such as 0, 90s, 30m or 12h")) {
                try Validation.secretRenewalGrace(parsing: text)
            }
        }
        #expect(try Validation.secretRenewalGrace(48 * 3600) == 48 * 3600)
        for seconds in [-1, 48 * 3600 + 1, .infinity, .nan] as [Double] {
            #expect(throws: InvalidInput.self) { try Validation.secretRenewalGrace(seconds) }
        }
    }
}
