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
        // Only what the platform can write in a message's header (MailAddress): an account whose address takes no
        // mail could never be verified.
        for unmailable in ["a..b@example.com", "\"ada\"@example.com", "josé@example.fr", "ada@exa_mple.com", "-ada@example.com", "ada.@example.com"] {
            #expect(throws: InvalidInput.self, "\(unmailable)") { try Validation.email(unmailable) }
        }
        #expect(try Validation.email("ada.lovelace+portal@example.co.uk") == "ada.lovelace+portal@example.co.uk")
    }

    @Test func acceptsSafeRedirectURIsOnly() throws {
        for good in ["https://www.myserver.com/cb", "http://127.0.0.1/callback", "http://[::1]/cb", "com.example.app:/oauth"] {
            #expect(try Validation.redirectURI(good) == good)
        }
        for bad in ["http://www.myserver.com/cb", "https://www.myserver.com/cb#frag", "/relative", "myapp:/cb", "https:///cb"] {
            #expect(throws: InvalidInput.self) { try Validation.redirectURI(bad) }
        }
    }

    /// Issue 16, item 1: post-logout redirect URIs as redirect URIs; the back-channel URI is http(s) only.
    @Test func acceptsSafeSignOutURIsOnly() throws {
        let native = LogoutRegistration(postLogoutRedirectURIs: ["com.example.app:/bye"], backchannelLogoutURI: "http://127.0.0.1:9/logout")
        #expect(try Validation.logout(native) == native)
        for bad in [
            LogoutRegistration(postLogoutRedirectURIs: ["http://www.myserver.com/bye"]),
            LogoutRegistration(backchannelLogoutURI: "http://www.myserver.com/logout"),
            LogoutRegistration(backchannelLogoutURI: "com.example.app:/logout"),
            LogoutRegistration(backchannelLogoutURI: "https://www.myserver.com/logout#frag"),
        ] {
            #expect(throws: InvalidInput.self) { try Validation.logout(bad) }
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

    /// `serve --signing-key-rotation` counts in days too (issue 16, item 3).
    @Test func parsesDaysWhereTheyAreAllowed() throws {
        #expect(try Validation.seconds(parsing: "30d", naming: "a rotation period", allowingDays: true) == 30 * 86400)
        #expect(try Validation.seconds(parsing: "720h", naming: "a rotation period", allowingDays: true) == 30 * 86400)
        #expect(throws: InvalidInput("'30d' is not a rotation period such as 720h or 30d")) {
            try Validation.seconds(parsing: "30d", naming: "a rotation period", examples: "720h or 30d")
        }
    }

    // MARK: The API catalog (issue 12, item 3)

    @Test func acceptsOpenAPI3DocumentsInJSONOrYAMLAsGiven() throws {
        let json = #"  {"openapi": "3.1.0", "info": {"title": "POI", "version": "1"}, "paths": {}}"#
        #expect(try Validation.openAPIDocument(json) == json)
        let yaml = "# Points of interest\nopenapi: 3.0.3\ninfo:\n  title: POI\n  version: '1'\npaths: {}\n"
        #expect(try Validation.openAPIDocument(yaml) == yaml)
    }

    @Test(arguments: [
        (#"{"openapi": "3.1.0", "#, "not valid JSON"),
        ("openapi: 3.1.0\ninfo: [unclosed\n", "not valid YAML"),
        (#"{"swagger": "2.0", "paths": {}}"#, "Swagger 2.0"),
        ("openapi: 2.0.0\n", "declares openapi 2.0.0"),
        ("openapi: 3.1\n", "such as 3.1.0"),
        ("- openapi: 3.1.0\n", "not an object"),
        ("", "not an object"),
    ])
    func refusesWhatIsNotAnOpenAPI3DocumentSayingWhy(document: String, problem: String) {
        let error = #expect(throws: InvalidInput.self) { try Validation.openAPIDocument(document) }
        #expect(error?.description.contains(problem) == true, "\(String(describing: error))")
    }

    @Test func refusesOpenAPIDocumentsOverOneMebibyte() throws {
        let header = "openapi: 3.1.0\ninfo: {title: POI, version: '1'}\npaths: {}\n# "
        let padded = header + String(repeating: "x", count: Validation.maximumOpenAPIBytes - header.utf8.count)
        #expect(try Validation.openAPIDocument(padded) == padded)
        let error = #expect(throws: InvalidInput.self) { try Validation.openAPIDocument(padded + "x") }
        #expect(error?.description.contains("1 MiB") == true)
    }

    @Test func limitsDescriptionsReasonsAndTerms() throws {
        #expect(try Validation.apiDescription("  Points of interest\naround you \n") == "Points of interest\naround you")
        #expect(try Validation.apiDescription(String(repeating: "é", count: 2000)).count == 2000)
        #expect(throws: InvalidInput.self) { try Validation.apiDescription(String(repeating: "a", count: 2001)) }
        #expect(throws: InvalidInput.self) { try Validation.apiDescription("bell\u{7}") }

        #expect(try Validation.rejectionReason(" No production use case. ") == "No production use case.")
        #expect(throws: InvalidInput.self) { try Validation.rejectionReason(String(repeating: "a", count: 501)) }
        #expect(throws: InvalidInput.self) { try Validation.rejectionReason("escape\u{1B}[31m") }

        let terms = "# Terms\n\n\tUse it fairly.\n"
        #expect(try Validation.pageText(terms, what: "the terms") == terms)
        #expect(try Validation.pageText(String(repeating: "a", count: Validation.maximumPageTextBytes), what: "the terms").utf8.count == 100 * 1024)
        for bad in ["", " \n ", String(repeating: "a", count: Validation.maximumPageTextBytes + 1), "nul\u{0}"] {
            #expect(throws: InvalidInput.self) { try Validation.pageText(bad, what: "the terms") }
        }
    }
}
