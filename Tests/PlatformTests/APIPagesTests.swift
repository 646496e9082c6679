import Foundation
import HTTPTypes
import OAuthCore
import Platform
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

/// Issue 17: an API's five tabs rendered from what the operator gave, terms accepted again at a new version, and
/// partner and private APIs that do not exist for anyone else, through the pages and the JSON API.
@Suite struct APIPagesTests {
    static let openAPI = """
        {"openapi": "3.0.3", "info": {"title": "Echo", "version": "1"},
         "paths": {"/points": {"get": {"tags": ["Points"], "summary": "Every point",
             "responses": {"200": {"description": "The points", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Points"}}}}}}},
           "/status": {"get": {"tags": ["Health"], "summary": "Whether it runs", "responses": {"200": {"description": "Up"}}}}},
         "components": {"schemas": {"Points": {"type": "array", "items": {"type": "string", "description": "A point's name"}}}}}
        """

    /// Markdown an operator could write by mistake or malice: nothing of it may run or leave the page.
    static let hostileMarkdown = """
        # Echo, *the* API

        <script>alert("overview")</script>

        A [bad link](javascript:alert(3)), a [quoting one](https://a.example/"onclick="alert(4)),
        a [good link](https://developer.orange.com/apis) and ![a picture](https://a.example/x.png" onerror="alert(5)).

        ```swift"><script>alert(6)</script>
        let answer = 42 < 43
        ```

        Inline <img src=x onerror=alert(2)> HTML.
        """

    func publish(_ portal: PortalTests.Portal, _ name: String = "echo", visibility: APIVisibility = .public) async throws {
        try await portal.publishAPI(name, terms: "Be kind to the echo.", openAPI: Self.openAPI)
        try await withAdministration(portal.configuration) { platform in
            _ = try await platform.provisioning.updateDocumentation(
                apiName: name, overview: Self.hostileMarkdown, gettingStarted: "Call **`GET /\(name)/v1/points`** first.", visibility: visibility)
        }
    }

    @Test func eachTabRendersWhatTheOperatorGaveAndNoneRunsItsHTML() async throws {
        try await PortalTests().withPortal { portal in
            try await publish(portal)
            let browser = Browser(portal.platform)
            let overview = try await browser.get("/portal/apis/echo")
            #expect(overview.status == .ok)
            for tab in ["Overview", "Getting started", "API Reference", "Code samples", "Terms and Conditions"] {
                #expect(overview.body.contains(">\(tab)</a>"), "\(tab)")
            }
            #expect(overview.body.contains(#"aria-current="page">Overview"#))
            #expect(overview.body.contains("<h1>Echo, <em>the</em> API</h1>"))
            #expect(overview.body.contains("&lt;script&gt;alert(&quot;overview&quot;)&lt;/script&gt;"))
            #expect(!overview.body.contains("alert(\"overview\")</script>") && !overview.body.contains("<img src=x"))
            #expect(!overview.body.contains(#"href="javascript"#) && !overview.body.contains(#"onclick=""#) && !overview.body.contains(#"onerror=""#))
            #expect(overview.body.contains(#"<a href="https://developer.orange.com/apis" rel="noopener noreferrer">good link</a>"#))
            #expect(overview.body.contains("<pre><code>let answer = 42 &lt; 43"))
            #expect(overview.headers[.contentSecurityPolicy]?.contains("script-src 'nonce-") == true)

            let gettingStarted = try await browser.get("/portal/apis/echo/getting-started")
            #expect(gettingStarted.body.contains("Call <strong><code>GET /echo/v1/points</code></strong> first."))

            let reference = try await browser.get("/portal/apis/echo/reference")
            let points = try #require(reference.body.range(of: "<h3>Points</h3>")), health = try #require(reference.body.range(of: "<h3>Health</h3>"))
            #expect(points.lowerBound < health.lowerBound)
            #expect(reference.body.contains("GET /echo/v1/points") && reference.body.contains("&quot;items&quot;") && reference.body.contains("A point"))
            #expect(reference.body.contains("Expired credentials") && reference.body.contains("Too Many Requests"))

            let samples = try await browser.get("/portal/apis/echo/samples?language=python")
            #expect(samples.body.contains("YOUR_CLIENT_ID") && samples.body.contains(portal.platform.baseURL + "/echo/v1/points"))
            let file = try await browser.get("/portal/apis/echo/samples/python")
            #expect(file.status == .ok && file.headers[.contentDisposition] == #"attachment; filename="call.py""#)
            #expect(file.body.contains("requests.post("))
            let postman = try await browser.get("/portal/apis/echo/postman.json")
            #expect(postman.status == .ok && postman.headers[.contentType] == "application/json")
            let items = try #require(postman.object["item"] as? [[String: Any]])
            #expect(items.map { $0["name"] as? String } == ["Every point", "Whether it runs"])

            let terms = try await browser.get("/portal/apis/echo/terms")
            #expect(terms.body.contains("<p>Be kind to the echo.</p>") && terms.body.contains("v1"))
            #expect(try await browser.get("/portal/apis/echo/nothing").status == .notFound)
        }
    }

    /// A page without the nonce its Content-Security-Policy draws for each answer.
    static func withoutNonce(_ body: String) -> String {
        body.replacing(/nonce="[^"]*"/, with: "")
    }

    @Test func aNewVersionOfTheTermsAsksSubscribersToAcceptAgain() async throws {
        try await PortalTests().withPortal { portal in
            try await publish(portal)
            let browser = try await portal.developer("ada@example.com")
            _ = try await portal.signIn(browser, "ada@example.com")
            let clientID = try await portal.createApplication(browser)
            #expect(try await portal.subscribe(browser, clientID).status == .seeOther)
            #expect(!(try await browser.get("/portal/apis/echo/terms").body.contains("not the current one")))

            let updated = try await withAdministration(portal.configuration) { platform in
                try await platform.provisioning.updateDocumentation(apiName: "echo", terms: "Be kinder.")
            }
            #expect(updated.termsVersion == "2")
            let page = try await browser.get("/portal/apis/echo/terms")
            #expect(page.body.contains("v1 (not the current one)"))
            let form = try #require(page.form(posting: "/portal/apis/echo/terms"))
            #expect(form["terms_version"] == "2" && form["client_id"] == clientID)
            #expect(try await browser.submit(form).status == .seeOther)
            #expect(!(try await browser.get("/portal/apis/echo/terms").body.contains("not the current one")))
            let subscription = try #require(
                try await withAdministration(portal.configuration) { try await $0.store.subscriptions(clientID: clientID) }.first)
            #expect(subscription.termsVersion == "2" && subscription.acceptedBy == "ada@example.com")
        }
    }

    /// Seed 001's partner and private APIs: to anyone not invited (or not internal) they answer exactly as a name that
    /// does not exist, on every page, document and call.
    @Test func partnerAndPrivateAPIsDoNotExistForOthers() async throws {
        try await PortalTests().withPortal { portal in
            let developer = try await PortalAPITests.DeveloperClient.signUp(portal, "ada@example.com")
            try await publish(portal, "partner", visibility: .partner)
            try await publish(portal, "internal", visibility: .private)
            let token = try await developer.tokens().access
            let anonymous = Browser(portal.platform)

            func hidden(_ name: String) async throws {
                for browser in [anonymous, developer.browser] {
                    #expect(!(try await browser.get("/portal/apis").body.contains("/portal/apis/\(name)")))
                    for path in ["", "/getting-started", "/reference", "/samples", "/terms", "/samples/curl", "/postman.json"] {
                        let page = try await browser.get("/portal/apis/\(name)\(path)")
                        let guessed = try await browser.get("/portal/apis/no-such-api\(path)")
                        #expect(page.status == .notFound && Self.withoutNonce(page.body) == Self.withoutNonce(guessed.body), "\(name)\(path)")
                    }
                }
                let answer = try await developer.call(.get, "/apis/\(name)", token: token)
                let guessed = try await developer.call(.get, "/apis/no-such-api", token: token)
                #expect(answer.status == .notFound && answer.body == guessed.body)
                let listed = try await developer.call(.get, "/apis", token: token)
                #expect(!listed.body.contains(#""name":"\#(name)""#))
                let subscribe = try await developer.call(.post, "/applications/\(developer.clientID)/subscriptions", token: token, json: #"{"api": "\#(name)"}"#)
                let unknown = try await developer.call(.post, "/applications/\(developer.clientID)/subscriptions", token: token, json: #"{"api": "no-such-api"}"#)
                #expect(subscribe.status == .badRequest && subscribe.body == unknown.body.replacingOccurrences(of: "no-such-api", with: name))
            }
            try await hidden("partner")
            try await hidden("internal")

            try await withAdministration(portal.configuration) { platform in
                _ = try await platform.provisioning.invite(email: "ADA@example.com", apiName: "partner")
                try await platform.provisioning.setInternal(true, email: "ada@example.com")
            }
            #expect(!(try await anonymous.get("/portal/apis").body.contains("/portal/apis/partner")))
            #expect(try await anonymous.get("/portal/apis/partner").status == .notFound)
            for name in ["partner", "internal"] {
                #expect(try await developer.browser.get("/portal/apis").body.contains("/portal/apis/\(name)"))
                #expect(try await developer.browser.get("/portal/apis/\(name)/reference").status == .ok)
                #expect(try await developer.call(.get, "/apis/\(name)", token: token).object["visibility"] as? String == (name == "partner" ? "partner" : "private"))
            }
            let subscribed = try await developer.call(
                .post, "/applications/\(developer.clientID)/subscriptions", token: token, json: #"{"api": "partner", "accept_terms_version": "1"}"#)
            #expect(subscribed.status == .created)
            #expect(try await portal.subscribe(developer.browser, developer.clientID, to: "internal").status == .seeOther)
        }
    }
}
