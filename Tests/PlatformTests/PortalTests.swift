import Foundation
import HTTPTypes
import Logging
import OAuthCore
import Platform
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

/// The developer portal at the HTTP level (issue 12, items 1, 2 and 7): every rule a browser could get around.
@Suite struct PortalTests {
    static let password = "correct horse battery"

    /// A platform with an outbox, and helpers that walk its portal as a developer's browser does.
    struct Portal {
        let platform: RunningPlatform
        let outbox: Outbox
        let configuration: PlatformConfiguration

        /// Publishes an API as an operator does, with its documentation, unless it exists.
        func publishAPI(
            _ name: String = "echo", approval: SubscriptionApproval = .auto, terms: String? = nil, openAPI: String? = nil,
            status: APIStatus = .live
        ) async throws {
            try await withAdministration(configuration) { platform in
                guard try await platform.provisioning.apis().contains(where: { $0.name == name }) == false else { return }
                _ = try await platform.provisioning.createAPI(name: name, basePath: "/\(name)/v1", upstream: "http://127.0.0.1:9")
                if status != .live { _ = try await platform.provisioning.updateAPI(named: name, status: status) }
                _ = try await platform.store.saveDocumentation(
                    APIDocumentation(
                        apiName: name, description: "The \(name) API.", openAPI: openAPI, terms: terms,
                        termsVersion: terms == nil ? nil : "1", approval: approval, updatedAt: Date()))
            }
        }

        /// Subscribes the application from the API's page, accepting its terms when it has some.
        func subscribe(_ browser: Browser, _ clientID: String, to api: String = "echo", acceptingTerms: Bool = true) async throws -> HTTPAnswer {
            let page = try await browser.get("/portal/apis/\(api)")
            let form = try #require(page.form(posting: "/portal/apis/\(api)/subscribe"))
            var replacing = ["client_id": clientID]
            if acceptingTerms, let version = page.body.firstMatch(of: /name="terms_version" value="([^"]*)"/) {
                replacing["terms_version"] = String(version.output.1)
            }
            return try await browser.submit(form, replacing: replacing)
        }

        /// Signs `email` up and returns the browser, with the verification link followed when `verified`.
        func developer(_ email: String, name: String = "Ada", verified: Bool = true) async throws -> Browser {
            let browser = Browser(platform)
            let answer = try await signUp(browser, email: email, name: name)
            #expect(answer.status == .seeOther && answer.headers[.location] == "/portal/signup/sent")
            if verified { try await followVerificationLink(browser, to: email) }
            return browser
        }

        func signUp(_ browser: Browser, email: String, name: String = "Ada", terms: Bool = true) async throws -> HTTPAnswer {
            let page = try await browser.get("/portal/signup")
            let form = try #require(page.form(posting: "/portal/signup"))
            var replacing = ["email": email, "name": name, "password": PortalTests.password]
            if terms { replacing["terms"] = "accepted" }
            return try await browser.submit(form, replacing: replacing)
        }

        func followVerificationLink(_ browser: Browser, to email: String) async throws {
            let link = try #require(try outbox.messages(to: email).last?.link)
            #expect(link.hasPrefix(platform.baseURL + "/portal/verify?token="))
            let page = try await browser.get(link)
            let form = try #require(page.form(posting: "/portal/verify"))
            let answer = try await browser.submit(form)
            #expect(answer.status == .seeOther)
        }

        /// Signs in through the provider's login page; returns MyApps.
        func signIn(_ browser: Browser, _ email: String, password: String = PortalTests.password) async throws -> HTTPAnswer {
            try await browser.signIn(startingAt: "/portal/signin", username: email, password: password)
        }

        /// Creates an application from MyApps; returns its client_id.
        func createApplication(_ browser: Browser, name: String = "Weather", redirectURIs: String = "") async throws -> String {
            let myApps = try await browser.get("/portal/apps")
            let form = try #require(myApps.form(posting: "/portal/apps"))
            let answer = try await browser.submit(form, replacing: ["name": name, "description": "", "redirect_uris": redirectURIs])
            #expect(answer.status == .seeOther)
            let location = try #require(answer.headers[.location])
            return String(try #require(location.split(separator: "/").last))
        }

        /// The Authorization header the Credentials tab reveals.
        func revealedHeader(_ browser: Browser, clientID: String) async throws -> String {
            let page = try await browser.follow(try await browser.get("/portal/apps/\(clientID)/credentials"))
            #expect(page.status == .ok)
            let match = try #require(page.body.firstMatch(of: /id="authorization-header"[^>]*>Authorization: (Basic [A-Za-z0-9+\/=]+)</))
            return String(match.output.1)
        }
    }

    func withPortal(
        clock: ManualClock? = nil, grace: TimeInterval = 0, logger: Logger? = nil, _ body: @Sendable (Portal) async throws -> Void
    ) async throws {
        var configuration = testConfiguration()
        configuration.secretRenewalGrace = grace
        if let clock { configuration.clock = clock.clock }
        let outbox = Outbox(configuration)
        let configured = configuration
        try await withPlatform(configuration, logger: logger ?? Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })) {
            platform in try await body(Portal(platform: platform, outbox: outbox, configuration: configured))
        }
    }

    /// MyApps stays fast with many applications (issue 12, item 8): fifty a page, with links to the others.
    @Test func myAppsListsFiftyApplicationsAPage() async throws {
        try await withPortal { portal in
            let browser = try await portal.developer("ada@example.com")
            try await withAdministration(portal.configuration) { platform in
                for index in 1...51 {
                    _ = try await platform.provisioning.createApplication(email: "ada@example.com", name: "App \(index)")
                }
            }
            let first = try await portal.signIn(browser, "ada@example.com")
            #expect(first.body.matches(of: /href="\/portal\/apps\/[^"?]+"/).count == 50)
            #expect(first.body.contains("Applications 1 to 50 of 51") && first.body.contains(#"href="/portal/apps?page=2" rel="next""#))
            #expect(!first.body.contains(#"rel="prev""#))
            let second = try await browser.get("/portal/apps?page=2")
            #expect(second.body.matches(of: /href="\/portal\/apps\/[^"?]+"/).count == 1)
            #expect(second.body.contains("Applications 51 to 51 of 51") && second.body.contains(#"href="/portal/apps?page=1" rel="prev""#))
            #expect(!second.body.contains(#"rel="next""#))
            let beyond = try await browser.get("/portal/apps?page=9")
            #expect(beyond.status == .seeOther && beyond.headers[.location] == "/portal/apps?page=2")
            let french = try await browser.get("/portal/apps?page=nonsense", headers: [.acceptLanguage: "fr"])
            #expect(french.status == .ok && french.body.contains("Applications 1 à 50 sur 51"))
        }
    }

    @Test func aDeveloperSignsUpGetsCredentialsRenewsThemAndDeletesTheApplication() async throws {
        try await withPortal { portal in
            let browser = try await portal.developer("ada@example.com")
            let myApps = try await portal.signIn(browser, "ada@example.com")
            #expect(myApps.status == .ok && myApps.body.contains("MyApps"))
            let clientID = try await portal.createApplication(browser)
            #expect(try await browser.get("/portal/apps").body.contains(clientID))

            let header = try await portal.revealedHeader(browser, clientID: clientID)
            #expect(try await portal.platform.token(authorization: header).status == .badRequest, "no subscribed service yet")
            try await portal.publishAPI()
            #expect(try await portal.subscribe(browser, clientID).status == .seeOther)
            #expect(try await portal.platform.token(authorization: header).status == .ok)
            let page = try await browser.get("/portal/apps/\(clientID)")
            #expect(page.body.contains("Secret revealed") && page.body.contains("Created"))

            let renew = try #require(page.form(posting: "/renew"))
            #expect(try await browser.submit(renew).status == .seeOther)
            let refused = try await portal.platform.token(authorization: header)
            #expect(refused.status == .unauthorized)
            let renewed = try await portal.revealedHeader(browser, clientID: clientID)
            #expect(renewed != header)
            #expect(try await portal.platform.token(authorization: renewed).status == .ok)

            let delete = try #require(try await browser.get("/portal/apps/\(clientID)").form(posting: "/delete"))
            let deleted = try await browser.submit(delete)
            #expect(deleted.status == .seeOther && deleted.headers[.location] == "/portal/apps")
            #expect(try await browser.get("/portal/apps/\(clientID)").status == .notFound)
            #expect(try await portal.platform.token(authorization: renewed).status == .unauthorized)
        }
    }

    @Test func aTakenAddressGetsTheSameAnswerAndItsOwnerAnEmail() async throws {
        try await withPortal { portal in
            _ = try await portal.developer("ada@example.com")
            let again = try await portal.signUp(Browser(portal.platform), email: "ADA@example.com", name: "Mallory")
            #expect(again.status == .seeOther && again.headers[.location] == "/portal/signup/sent")
            let messages = try portal.outbox.messages(to: "ada@example.com")
            #expect(messages.count == 2)
            #expect(messages.last?.headers["Subject"] == "Someone tried to sign up with your address")
            #expect(messages.last?.body.contains("/portal/verify") == false)
        }
    }

    @Test func theTermsMustBeAccepted() async throws {
        try await withPortal { portal in
            let answer = try await portal.signUp(Browser(portal.platform), email: "ada@example.com", terms: false)
            #expect(answer.status == .badRequest)
            #expect(try portal.outbox.messages(to: "ada@example.com").isEmpty)
        }
    }

    @Test func anUnverifiedDeveloperSignsInButCannotCreateApplications() async throws {
        try await withPortal { portal in
            let browser = try await portal.developer("ada@example.com", verified: false)
            let myApps = try await portal.signIn(browser, "ada@example.com")
            #expect(myApps.status == .ok && myApps.form(posting: "/portal/apps") == nil)
            let resend = try #require(myApps.form(posting: "/portal/verify/resend"))
            let csrf = try #require(resend["csrf_token"])
            let refused = try await browser.post("/portal/apps", fields: [.init("csrf_token", csrf), .init("name", "Weather")])
            #expect(refused.status == .forbidden)

            #expect(try await browser.submit(resend).status == .seeOther)
            #expect(try portal.outbox.messages(to: "ada@example.com").count == 2)
            try await portal.followVerificationLink(browser, to: "ada@example.com")
            _ = try await portal.createApplication(browser)
        }
    }

    @Test func aVerificationLinkWorksOnce() async throws {
        try await withPortal { portal in
            let browser = try await portal.developer("ada@example.com")
            let link = try #require(try portal.outbox.messages(to: "ada@example.com").last?.link)
            let form = try #require(try await browser.get(link).form(posting: "/portal/verify"))
            #expect(try await browser.submit(form).status == .badRequest)
        }
    }

    @Test func formsWithoutTheSessionsCSRFTokenAreRefused() async throws {
        try await withPortal { portal in
            let browser = try await portal.developer("ada@example.com")
            _ = try await portal.signIn(browser, "ada@example.com")
            for path in ["/portal/apps", "/portal/signout", "/portal/signup", "/portal/reset"] {
                let answer = try await browser.post(path, fields: [.init("csrf_token", "forged"), .init("name", "x")])
                #expect(answer.status == .forbidden, "\(path)")
            }
            #expect(try await browser.get("/portal/apps").body.contains("Weather") == false)
        }
    }

    @Test func anotherDevelopersApplicationIsInvisibleAndUntouchable() async throws {
        try await withPortal { portal in
            let ada = try await portal.developer("ada@example.com")
            _ = try await portal.signIn(ada, "ada@example.com")
            let clientID = try await portal.createApplication(ada, name: "Ada's app")
            let eve = try await portal.developer("eve@example.com", name: "Eve")
            let eveApps = try await portal.signIn(eve, "eve@example.com")
            #expect(!eveApps.body.contains(clientID))
            let csrf = try #require(eveApps.form(posting: "/portal/apps")?["csrf_token"])
            #expect(try await eve.get("/portal/apps/\(clientID)").status == .notFound)
            #expect(try await eve.get("/portal/apps/\(clientID)/credentials").status == .notFound)
            for action in ["renew", "delete"] {
                let answer = try await eve.post("/portal/apps/\(clientID)/\(action)", fields: [.init("csrf_token", csrf)])
                #expect(answer.status == .notFound, "\(action)")
            }
            #expect(try await ada.get("/portal/apps/\(clientID)").status == .ok)
        }
    }

    @Test func revealingASecretNeedsAPasswordTypedWithinFiveMinutes() async throws {
        let clock = ManualClock(Date())
        try await withPortal(clock: clock) { portal in
            let browser = try await portal.developer("ada@example.com")
            _ = try await portal.signIn(browser, "ada@example.com")
            let clientID = try await portal.createApplication(browser)
            clock.advance(by: 6 * 60)
            let stale = try await browser.get("/portal/apps/\(clientID)/credentials")
            #expect(stale.status == .seeOther)
            let login = try await browser.follow(stale)
            #expect(login.form(posting: "/login") != nil, "the login page again, though the session is alive")
            #expect(!login.body.contains("client-secret"))
            let revealed = try await browser.signIn(
                startingAt: "/portal/apps/\(clientID)/credentials", username: "ada@example.com", password: PortalTests.password)
            #expect(revealed.body.contains("id=\"client-secret\""))
        }
    }

    @Test func aSignInTicketWorksOnlyInTheBrowserThatAskedForIt() async throws {
        try await withPortal { portal in
            let ada = try await portal.developer("ada@example.com")
            var answer = try await ada.follow(try await ada.get("/portal/signin"))
            let login = try #require(answer.form(posting: "/login"))
            answer = try await ada.submit(login, replacing: ["username": "ada@example.com", "password": PortalTests.password])
            let callback = try #require(answer.headers[.location])
            #expect(callback.hasPrefix("/portal/signed-in?ticket="))
            let thief = Browser(portal.platform)
            #expect(try await thief.get(callback).status == .forbidden)
            #expect(try await thief.get("/portal/apps").status == .seeOther)
            #expect(try await ada.get(callback).status == .seeOther)
            #expect(try await ada.get("/portal/apps").status == .ok)
        }
    }

    @Test func aResetLinkSetsANewPasswordAndAnUnknownAddressLearnsNothing() async throws {
        try await withPortal { portal in
            _ = try await portal.developer("ada@example.com")
            let browser = Browser(portal.platform)
            for email in ["ada@example.com", "nobody@example.com"] {
                let form = try #require(try await browser.get("/portal/reset").form(posting: "/portal/reset"))
                let answer = try await browser.submit(form, replacing: ["email": email])
                #expect(answer.status == .seeOther && answer.headers[.location] == "/portal/reset/sent")
            }
            #expect(try portal.outbox.messages(to: "nobody@example.com").isEmpty)
            let link = try #require(try portal.outbox.messages(to: "ada@example.com").last?.link)
            let form = try #require(try await browser.get(link).form(posting: "/portal/reset/new"))
            #expect(try await browser.submit(form, replacing: ["password": "a new passphrase"]).status == .seeOther)
            #expect(try await browser.submit(form, replacing: ["password": "another one!"]).status == .badRequest)

            let old = try await portal.signIn(Browser(portal.platform), "ada@example.com")
            #expect(old.form(posting: "/login") != nil)
            let new = try await portal.signIn(Browser(portal.platform), "ada@example.com", password: "a new passphrase")
            #expect(new.status == .ok && new.body.contains("MyApps"))
        }
    }

    /// The throttle counts in windows aligned on the hour: the clock stands mid-hour, so that a slow run crossing an
    /// hour's end cannot start a new window between the sign-ups.
    @Test func signUpsForOneAddressAreThrottled() async throws {
        let midHour = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 3_600).rounded(.down) * 3_600 + 1_800)
        try await withPortal(clock: ManualClock(midHour)) { portal in
            var statuses: [Int] = []
            for _ in 0..<6 {
                statuses.append(try await portal.signUp(Browser(portal.platform), email: "ada@example.com").status.code)
            }
            #expect(statuses == [303, 303, 303, 303, 303, 429])
            #expect(try portal.outbox.messages(to: "ada@example.com").count == 5)
        }
    }

    @Test func noPasswordSecretOrLinkReachesTheLogs() async throws {
        let sink = LogSink()
        var logger = Logger(label: "capture") { _ in CapturingLogHandler(sink: sink) }
        logger.logLevel = .trace
        try await withPortal(logger: logger) { portal in
            let browser = try await portal.developer("ada@example.com")
            _ = try await portal.signIn(browser, "ada@example.com")
            let clientID = try await portal.createApplication(browser)
            let header = try await portal.revealedHeader(browser, clientID: clientID)
            let reset = try #require(try await browser.get("/portal/reset").form(posting: "/portal/reset"))
            _ = try await browser.submit(reset, replacing: ["email": "ada@example.com"])
            let links = try portal.outbox.messages(to: "ada@example.com").compactMap(\.link)
            let secret = String(decoding: Data(base64Encoded: String(header.dropFirst("Basic ".count)))!, as: UTF8.self)
                .split(separator: ":").last.map(String.init)!
            let tokens = links.compactMap { $0.split(separator: "token=").last.map(String.init) }
            #expect(tokens.count == 2)
            for needle in [PortalTests.password, secret, header] + tokens {
                #expect(!sink.text.contains(needle))
            }
        }
    }

    @Test func theCatalogShowsTheOperationsAndRecordsTheAcceptedTerms() async throws {
        let openAPI = """
            {"openapi": "3.0.3", "info": {"title": "Echo", "version": "1"},
             "paths": {"/points/{id}": {"parameters": [{"$ref": "#/components/parameters/id"}],
               "get": {"summary": "One point of interest", "parameters": [{"name": "lang", "in": "query", "schema": {"type": "string"}}],
                 "responses": {"200": {"description": "The point", "content": {"application/json": {"example": {"name": "Pré Botté"}}}}}}}},
             "components": {"parameters": {"id": {"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}}}}
            """
        try await withPortal { portal in
            try await portal.publishAPI(terms: "Be kind to the echo.", openAPI: openAPI)
            try await portal.publishAPI("old", status: .deprecated)
            try await portal.publishAPI("gone", status: .retired)
            let catalog = try await Browser(portal.platform).get("/portal/apis")
            #expect(catalog.body.contains("/portal/apis/echo") && catalog.body.contains("/portal/apis/old"))
            #expect(!catalog.body.contains("/portal/apis/gone"))
            let page = try await Browser(portal.platform).get("/portal/apis/echo/reference")
            #expect(page.body.contains("GET /echo/v1/points/{id}") && page.body.contains("One point of interest"))
            #expect(page.body.contains("<code>id</code> *") && page.body.contains("<code>lang</code>"))
            #expect(page.body.contains("Pré Botté"))
            #expect(try await Browser(portal.platform).get("/portal/apis/echo/terms").body.contains("Be kind to the echo."))

            let browser = try await portal.developer("ada@example.com")
            _ = try await portal.signIn(browser, "ada@example.com")
            let clientID = try await portal.createApplication(browser)
            #expect(try await portal.subscribe(browser, clientID, acceptingTerms: false).status == .badRequest)
            let csrf = try #require(try await browser.get("/portal/apis/echo").form(posting: "/subscribe")?["csrf_token"])
            let deprecated = try await browser.post("/portal/apis/old/subscribe", fields: [.init("csrf_token", csrf), .init("client_id", clientID)])
            #expect(deprecated.status == .conflict)
            #expect(try await portal.subscribe(browser, clientID).status == .seeOther)
            let subscription = try #require(
                try await withAdministration(portal.configuration) { try await $0.store.subscriptions(clientID: clientID) }.first)
            #expect(subscription.status == .active && subscription.termsVersion == "1" && subscription.acceptedBy == "ada@example.com")
            #expect(try await browser.get("/portal/apps/\(clientID)").body.contains("<td>Subscribed</td>"))
        }
    }

    @Test func aPendingSubscriptionGivesNoTokenUntilAnOperatorApprovesIt() async throws {
        try await withPortal { portal in
            try await portal.publishAPI(approval: .manual)
            let browser = try await portal.developer("ada@example.com")
            _ = try await portal.signIn(browser, "ada@example.com")
            let clientID = try await portal.createApplication(browser)
            let header = try await portal.revealedHeader(browser, clientID: clientID)
            #expect(try await portal.subscribe(browser, clientID).status == .seeOther)
            #expect(try await browser.get("/portal/apps/\(clientID)").body.contains("pending approval"))
            #expect(try await portal.platform.token(authorization: header).status == .badRequest)

            let id = try #require(
                try await withAdministration(portal.configuration) { try await $0.store.pendingSubscriptions() }.first?.id)
            _ = try await withAdministration(portal.configuration) { try await $0.store.decideSubscription(id: id, approve: true, reason: nil) }
            #expect(try await eventually(within: .seconds(15)) { try await portal.platform.token(authorization: header).status == .ok })

            let unsubscribe = try #require(try await browser.get("/portal/apps/\(clientID)").form(posting: "/unsubscribe"))
            #expect(try await browser.submit(unsubscribe).status == .seeOther)
            #expect(try await portal.platform.token(authorization: header).status == .badRequest)
        }
    }

    @Test func redirectURIsAreEditedAndValidated() async throws {
        try await withPortal { portal in
            let browser = try await portal.developer("ada@example.com")
            _ = try await portal.signIn(browser, "ada@example.com")
            let clientID = try await portal.createApplication(browser, redirectURIs: "https://app.example/cb")
            let form = try #require(try await browser.get("/portal/apps/\(clientID)").form(posting: "/redirect-uris"))
            let saved = try await browser.submit(form, replacing: ["redirect_uris": "https://app.example/cb\nhttp://127.0.0.1/callback"])
            #expect(saved.status == .seeOther)
            let page = try await browser.get("/portal/apps/\(clientID)")
            #expect(page.body.contains("http://127.0.0.1/callback") && page.body.contains("Redirect URIs changed"))
            let refused = try await browser.submit(form, replacing: ["redirect_uris": "https://app.example/cb#fragment"])
            #expect(refused.status == .badRequest)

            let edit = try #require(try await browser.get("/portal/apps/\(clientID)").form(posting: "/edit"))
            #expect(try await browser.submit(edit, replacing: ["name": "Renamed", "description": "Now with a description"]).status == .seeOther)
            let edited = try await browser.get("/portal/apps/\(clientID)")
            #expect(edited.body.contains("<h1>Renamed</h1>") && edited.body.contains("Now with a description"))
            #expect(try await browser.submit(edit, replacing: ["name": ""]).status == .badRequest)
        }
    }

    @Test func duringTheOperatorsGracePeriodTheOldSecretStillWorksAndThePageSaysUntilWhen() async throws {
        let clock = ManualClock(Date())
        try await withPortal(clock: clock, grace: 3600) { portal in
            try await portal.publishAPI()
            let browser = try await portal.developer("ada@example.com")
            _ = try await portal.signIn(browser, "ada@example.com")
            let clientID = try await portal.createApplication(browser)
            #expect(try await portal.subscribe(browser, clientID).status == .seeOther)
            let header = try await portal.revealedHeader(browser, clientID: clientID)
            let page = try await browser.get("/portal/apps/\(clientID)")
            #expect(page.body.contains("keeps working for 1 hours"))
            #expect(try await browser.submit(try #require(page.form(posting: "/renew"))).status == .seeOther)
            #expect(try await browser.get("/portal/apps/\(clientID)").body.contains("The previous secret still works until"))
            #expect(try await portal.platform.token(authorization: header).status == .ok)
            clock.advance(by: 3601)
            #expect(try await portal.platform.token(authorization: header).status == .unauthorized)
            #expect(!(try await browser.get("/portal/apps/\(clientID)").body.contains("The previous secret still works until")))
        }
    }
}
