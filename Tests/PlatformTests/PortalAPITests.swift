import Foundation
import HTTPTypes
import Logging
import OAuthCore
import Platform
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

/// The portal's JSON API end to end (issue 12, item 4): a developer signs up through the pages, gets a `portal`
/// token through a real authorization-code flow with an application of their own, and drives `/portal/api/v1` with
/// it; every answer is checked against the OpenAPI document the server serves.
@Suite struct PortalAPITests {
    static let redirectURI = "https://ci.example.com/callback"

    /// A developer signed in on the portal, with the application `CI` (subscribed by an operator, as a token
    /// needs) whose credentials they revealed, and a way to call the API that checks every answer against the document.
    struct DeveloperClient {
        let portal: PortalTests.Portal
        let browser: Browser
        let email: String
        let clientID: String
        let basicAuthorization: String
        let checker: OpenAPIChecker

        var platform: RunningPlatform { portal.platform }

        /// Signs `email` up, verifies it, creates `CI` on the pages, reveals its credentials.
        static func signUp(_ portal: PortalTests.Portal, _ email: String, name: String = "Ada") async throws -> DeveloperClient {
            let browser = try await portal.developer(email, name: name)
            _ = try await portal.signIn(browser, email)
            let clientID = try await portal.createApplication(browser, name: "CI", redirectURIs: PortalAPITests.redirectURI)
            try await portal.publishAPI()
            #expect(try await portal.subscribe(browser, clientID).status == .seeOther)
            let header = try await portal.revealedHeader(browser, clientID: clientID)
            let document = try await portal.platform.request(.get, "/portal/api/v1/openapi.json")
            return DeveloperClient(
                portal: portal, browser: browser, email: email, clientID: clientID, basicAuthorization: header,
                checker: try OpenAPIChecker(json: document.body))
        }

        /// Seed 003's steps 1 and 2 with `CI`, as `orangerie login` does them: the tokens' `access_token` and
        /// `refresh_token` (with `offline_access`).
        func tokens(scope: String = "openid portal", _ extra: [String: String] = [:], authorization: String? = nil) async throws -> (
            access: String, refresh: String?
        ) {
            try await tokens(signingIn: browser, as: email, password: PortalTests.password, scope: scope, extra, authorization: authorization)
        }

        /// The same for another user, in their own browser, with this developer's application.
        func tokens(
            signingIn browser: Browser, as username: String, password: String, scope: String = "openid portal", _ extra: [String: String] = [:],
            authorization: String? = nil
        ) async throws -> (access: String, refresh: String?) {
            let parameters = [
                "response_type": "code", "client_id": clientID, "scope": scope, "redirect_uri": PortalAPITests.redirectURI, "state": "ci",
            ].merging(extra) { _, new in new }
            let answer = try await browser.authorize(parameters, username: username, password: password)
            let code = try #require(answer.redirectParameters["code"])
            let body = "grant_type=authorization_code&code=\(code)&redirect_uri=\(FormEncoding.escape(PortalAPITests.redirectURI))"
            var exchanged: HTTPAnswer?
            // The operator's subscription reaches this instance's directory through the change feed.
            _ = try await eventually(within: .seconds(15)) {
                exchanged = try await platform.request(
                    .post, OAuthTestPaths.token,
                    headers: [.authorization: authorization ?? basicAuthorization, .contentType: "application/x-www-form-urlencoded"],
                    body: body)
                return exchanged?.status == .ok
            }
            let json = try #require(exchanged?.object)
            return (try #require(json["access_token"] as? String), json["refresh_token"] as? String)
        }

        func refreshed(_ refreshToken: String) async throws -> String {
            let answer = try await platform.request(
                .post, OAuthTestPaths.token,
                headers: [.authorization: basicAuthorization, .contentType: "application/x-www-form-urlencoded"],
                body: "grant_type=refresh_token&refresh_token=\(refreshToken)")
            return try #require(answer.object["access_token"] as? String)
        }

        /// Calls `/portal/api/v1` + `path`; expects the answer the document describes, JSON and never cached.
        func call(
            _ method: HTTPRequest.Method, _ path: String, token: String?, json: String? = nil, headers: HTTPFields = [:],
            sourceLocation: SourceLocation = #_sourceLocation
        ) async throws -> HTTPAnswer {
            var headers = headers
            if let token { headers[.authorization] = "Bearer " + token }
            if json != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
            let answer = try await platform.request(method, "/portal/api/v1" + path, headers: headers, body: json)
            let problems = checker.problems(method: method.rawValue, path: "/portal/api/v1" + path, status: answer.status.code, body: answer.body)
            #expect(problems.isEmpty, "\(method) \(path): \(problems)", sourceLocation: sourceLocation)
            if answer.status != .noContent {
                #expect(answer.headers[.contentType] == "application/json", "\(method) \(path)", sourceLocation: sourceLocation)
            }
            #expect(answer.headers[.cacheControl] == "no-store", "\(method) \(path)", sourceLocation: sourceLocation)
            return answer
        }
    }

    func withPortal(clock: ManualClock? = nil, logger: Logger? = nil, _ body: @Sendable (PortalTests.Portal) async throws -> Void) async throws {
        try await PortalTests().withPortal(clock: clock, logger: logger, body)
    }

    /// The kinds of an activity answer's entries, in its order.
    static func kinds(_ activity: HTTPAnswer) -> [String] {
        let entries = activity.object["activity"] as? [Any] ?? []
        return entries.map { entry in ((entry as? [String: Any])?["kind"] as? String) ?? "?" }
    }

    /// Orange's error code of the answer, nil when it has none.
    static func code(_ answer: HTTPAnswer) -> Int? {
        answer.object["code"] as? Int
    }

    @Test func theDocumentIsOpenAPI31AndNeedsNoToken() async throws {
        try await withPortal { portal in
            let answer = try await portal.platform.request(.get, "/portal/api/v1/openapi.json")
            #expect(answer.status == .ok && answer.headers[.contentType] == "application/json")
            let document = answer.object
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            #expect(paths.count == 21)
            let refused = try await portal.platform.request(.post, "/portal/api/v1/openapi.json")
            #expect(refused.status == .methodNotAllowed && (Self.code(refused)) == 61)
            let discovery = try await portal.platform.request(.get, "/openidconnect/fr/v1/.well-known/openid-configuration")
            #expect((discovery.object["scopes_supported"] as? [String])?.contains("portal") == true)
        }
    }

    @Test func aDeveloperManagesApplicationsThroughTheAPI() async throws {
        let sink = LogSink()
        var logger = Logger(label: "capture") { _ in CapturingLogHandler(sink: sink) }
        logger.logLevel = .trace
        try await withPortal(logger: logger) { portal in
            let ada = try await DeveloperClient.signUp(portal, "ada@example.com")
            let token = try await ada.tokens().access

            var list = try await ada.call(.get, "/applications", token: token)
            #expect(list.status == .ok)
            #expect((list.object["applications"] as? [[String: Any]])?.map { $0["client_id"] as? String } == [ada.clientID])

            let created = try await ada.call(
                .post, "/applications", token: token,
                json: #"{"name": "Nightly", "description": "Builds", "redirect_uris": ["http://127.0.0.1/cb"], "colour": "ignored"}"#)
            #expect(created.status == .created)
            let createdJSON = created.object
            let application = try #require(createdJSON["application"] as? [String: Any])
            let credentials = try #require(createdJSON["credentials"] as? [String: Any])
            let nightly = try #require(application["client_id"] as? String)
            #expect(created.headers[.location] == "/portal/api/v1/applications/" + nightly)
            #expect(credentials["client_id"] as? String == nightly && application["name"] as? String == "Nightly")
            let secret = try #require(credentials["client_secret"] as? String)
            #expect(credentials["authorization"] as? String == ClientCredentials(clientID: nightly, clientSecret: secret).authorizationHeader())

            let patched = try await ada.call(
                .patch, "/applications/" + nightly, token: token, json: #"{"name": "Nightly builds", "redirect_uris": ["https://b.example/cb"]}"#)
            #expect(patched.status == .ok)
            #expect(patched.object["name"] as? String == "Nightly builds")
            #expect(patched.object["redirect_uris"] as? [String] == ["https://b.example/cb"])
            #expect(patched.object["description"] as? String == "Builds")
            let fetched = try await ada.call(.get, "/applications/" + nightly, token: token)
            #expect(fetched.object["name"] as? String == "Nightly builds")
            let second = try await ada.call(.get, "/applications?offset=1&limit=1", token: token)
            #expect((second.object["applications"] as? [[String: Any]])?.map { $0["client_id"] as? String } == [nightly])
            #expect(second.object["total"] as? Int == 2 && second.object["offset"] as? Int == 1 && second.object["limit"] as? Int == 1)

            // A client's mistakes: 4xx with Orange's code and a description saying what is wrong, never a 500.
            let mistakes: [(HTTPRequest.Method, String, String?, HTTPFields, HTTPResponse.Status, Int)] = [
                (.post, "/applications", #"{"description": "no name"}"#, [:], .badRequest, 23),
                (.post, "/applications", #"{"name": 42}"#, [:], .badRequest, 24),
                (.post, "/applications", #"{"name": ""}"#, [:], .badRequest, 24),
                (.post, "/applications", #"{"name": "x", "redirect_uris": ["http://evil.example/cb"]}"#, [:], .badRequest, 24),
                (.post, "/applications", #"{"name": "x", "redirect_uris": "https://a.example/cb"}"#, [:], .badRequest, 24),
                (.post, "/applications", #"{"name": "#, [:], .badRequest, 22),
                (.post, "/applications", #"["name"]"#, [:], .badRequest, 22),
                (.post, "/applications", "", [:], .badRequest, 21),
                (.post, "/applications", "name=x", [.contentType: "application/x-www-form-urlencoded"], .unsupportedMediaType, 68),
                (.post, "/applications", #"{"name": ""# + String(repeating: "x", count: 20_000) + #""}"#, [:], .contentTooLarge, 66),
                (.patch, "/applications/" + nightly, #"{"redirect_uris": ["ftp://a.example"], "name": "changed?"}"#, [:], .badRequest, 24),
                (.put, "/applications/" + nightly, "{}", [:], .methodNotAllowed, 61),
                (.delete, "/applications", nil, [:], .methodNotAllowed, 61),
                (.get, "/applications/" + nightly + "/secret", nil, [:], .methodNotAllowed, 61),
                (.get, "/applications?limit=0", nil, [:], .badRequest, 28),
                (.get, "/applications?limit=201", nil, [:], .badRequest, 28),
                (.get, "/applications?offset=-1", nil, [:], .badRequest, 28),
                (.get, "/applications?offset=first", nil, [:], .badRequest, 28),
                (.get, "/nothing", nil, [:], .notFound, 60),
                (.get, "", nil, [:], .notFound, 60),
                (.get, "/applications/" + nightly + "/nothing", nil, [:], .notFound, 60),
            ]
            for (method, path, body, headers, status, code) in mistakes {
                let answer = try await ada.call(method, path, token: token, json: body, headers: headers)
                #expect(answer.status == status && (Self.code(answer)) == code, "\(method) \(path) \(body?.prefix(60) ?? "")")
                #expect((answer.object["description"] as? String)?.isEmpty == false)
            }
            #expect(try await ada.call(.delete, "/applications", token: token).headers[.allow] == "GET, POST")
            #expect(try await ada.call(.get, "/applications/" + nightly, token: token).body.contains("changed?") == false)

            let revealed = try await ada.call(.get, "/applications/\(ada.clientID)/credentials", token: token)
            #expect(revealed.status == .ok && (revealed.object["authorization"] as? String) == ada.basicAuthorization)
            let renewed = try await ada.call(.post, "/applications/\(ada.clientID)/secret", token: token)
            let newHeader = try #require(renewed.object["authorization"] as? String)
            #expect(newHeader != ada.basicAuthorization)
            #expect(try await ada.platform.token(authorization: ada.basicAuthorization).status == .unauthorized)
            #expect(try await ada.platform.token(authorization: newHeader).status == .ok)

            // The renewal revoked the token obtained with the old secret: the portal's own token too.
            #expect(try await ada.call(.get, "/applications", token: token).status == .unauthorized)
            let (fresh, _) = try await ada.tokens(authorization: newHeader)
            let activity = try await ada.call(.get, "/applications/\(ada.clientID)/activity", token: fresh)
            #expect(Self.kinds(activity) == ["secret-renewed", "secret-revealed", "secret-revealed", "subscribed", "created"], "\(activity.body)")
            let deleted = try await ada.call(.delete, "/applications/" + nightly, token: fresh)
            #expect(deleted.status == .noContent && deleted.body.isEmpty)
            #expect(try await ada.call(.get, "/applications/" + nightly, token: fresh).status == .notFound)
            list = try await ada.call(.get, "/applications", token: fresh)
            #expect((list.object["applications"] as? [Any])?.count == 1)

            let newSecret = String(decoding: Data(base64Encoded: String(newHeader.dropFirst("Basic ".count)))!, as: UTF8.self)
                .split(separator: ":").last.map(String.init)!
            for needle in [PortalTests.password, secret, newSecret, newHeader, token, fresh] {
                #expect(!sink.text.contains(needle))
            }
        }
    }

    @Test func tokensAreCheckedAsRFC6750Says() async throws {
        let clock = ManualClock(Date())
        try await withPortal(clock: clock) { portal in
            let ada = try await DeveloperClient.signUp(portal, "ada@example.com")

            let missing = try await ada.call(.get, "/applications", token: nil)
            #expect(missing.status == .unauthorized && (Self.code(missing)) == 40)
            #expect(missing.headers[.wwwAuthenticate] == #"Bearer realm="Orangerie""#)
            let unknown = try await ada.call(.get, "/applications", token: "not-a-token")
            #expect(unknown.status == .unauthorized && (Self.code(unknown)) == 41)
            #expect(unknown.headers[.wwwAuthenticate]?.contains(#"error="invalid_token""#) == true)

            let openIDOnly = try await ada.tokens(scope: "openid").access
            let twoLegged = try #require(try await ada.platform.token(authorization: ada.basicAuthorization).object["access_token"] as? String)
            for token in [openIDOnly, twoLegged] {
                let refused = try await ada.call(.get, "/applications", token: token)
                #expect(refused.status == .forbidden && (Self.code(refused)) == 50)
                #expect(refused.headers[.wwwAuthenticate] == #"Bearer realm="Orangerie", error="insufficient_scope", scope="portal""#)
            }

            // The consent page names the scope, in English and in French.
            let query = FormEncoding.encode([
                .init("response_type", "code"), .init("client_id", ada.clientID), .init("scope", "openid portal"),
                .init("redirect_uri", PortalAPITests.redirectURI), .init("state", "s"), .init("prompt", "consent"),
            ])
            let english = try await ada.browser.follow(try await ada.browser.get(OAuthTestPaths.authorize + "?" + query))
            #expect(english.body.contains("Manage your applications on the developer portal"))
            let french = try await ada.browser.follow(
                try await ada.browser.get(OAuthTestPaths.authorize + "?" + query, headers: [.acceptLanguage: "fr"]))
            #expect(french.body.contains("Gérer vos applications sur le portail des développeurs"))

            // An end user who is no developer.
            try await withAdministration(portal.configuration) { platform in
                _ = try await Provisioning(store: platform.store, vault: platform.vault, passwordCost: 4)
                    .createUser(username: "bob", password: "bob's long password")
            }
            let bobsToken = try await ada.tokens(signingIn: Browser(portal.platform), as: "bob", password: "bob's long password").access
            let notADeveloper = try await ada.call(.get, "/applications", token: bobsToken)
            #expect(notADeveloper.status == .forbidden && (Self.code(notADeveloper)) == 52)

            let token = try await ada.tokens().access
            #expect(try await ada.call(.get, "/applications", token: token).status == .ok)
            try await withAdministration(portal.configuration) { platform in
                _ = try await platform.provisioning.setStatus(.suspended, clientID: ada.clientID)
            }
            #expect(
                try await eventually(within: .seconds(15)) {
                    let suspended = try await ada.call(.get, "/applications", token: token)
                    return suspended.status == .forbidden && (Self.code(suspended)) == 51
                })
            clock.advance(by: 2 * 3600)
            let expired = try await ada.call(.get, "/applications", token: token)
            #expect(expired.status == .unauthorized && (Self.code(expired)) == 42)
        }
    }

    @Test func anUnverifiedDeveloperCannotCreateApplications() async throws {
        try await withPortal { portal in
            let ada = try await DeveloperClient.signUp(portal, "ada@example.com")
            let eve = try await portal.developer("eve@example.com", name: "Eve", verified: false)
            // Eve signs in with Ada's application (any application may ask for `portal`).
            let token = try await ada.tokens(signingIn: eve, as: "eve@example.com", password: PortalTests.password).access
            let none = try await ada.call(.get, "/applications", token: token)
            #expect((none.object["applications"] as? [Any])?.isEmpty == true && none.object["total"] as? Int == 0)
            let refused = try await ada.call(.post, "/applications", token: token, json: #"{"name": "Eve's"}"#)
            #expect(refused.status == .forbidden && (Self.code(refused)) == 52)
        }
    }

    @Test func showingOrRenewingASecretNeedsASignInWithinFiveMinutes() async throws {
        let clock = ManualClock(Date())
        try await withPortal(clock: clock) { portal in
            let ada = try await DeveloperClient.signUp(portal, "ada@example.com")
            let (token, refreshToken) = try await ada.tokens(scope: "openid portal offline_access")
            #expect(try await ada.call(.get, "/applications/\(ada.clientID)/credentials", token: token).status == .ok)

            clock.advance(by: 6 * 60)
            let refreshed = try await ada.refreshed(try #require(refreshToken))
            for stale in [token, refreshed] {
                for (method, path) in [(HTTPRequest.Method.get, "/credentials"), (.post, "/secret")] {
                    let answer = try await ada.call(method, "/applications/\(ada.clientID)" + path, token: stale)
                    #expect(answer.status == .unauthorized && (Self.code(answer)) == 41)
                    #expect(answer.headers[.wwwAuthenticate]?.contains(#"error="insufficient_user_authentication""#) == true)
                    #expect(answer.headers[.wwwAuthenticate]?.hasSuffix("max_age=300") == true)
                    #expect((answer.object["description"] as? String)?.contains("max_age=300") == true)
                }
                #expect(try await ada.call(.get, "/applications/\(ada.clientID)", token: stale).status == .ok, "the rest needs no fresh sign-in")
            }

            // max_age=300 asks for the password again (the session is 6 minutes old): the new token is fresh.
            let (fresh, _) = try await ada.tokens(["max_age": "300"])
            let revealed = try await ada.call(.get, "/applications/\(ada.clientID)/credentials", token: fresh)
            #expect(revealed.status == .ok && (revealed.object["authorization"] as? String) == ada.basicAuthorization)
        }
    }

    @Test func anotherDevelopersApplicationIsNotFoundThroughEveryEndpoint() async throws {
        try await withPortal { portal in
            let ada = try await DeveloperClient.signUp(portal, "ada@example.com")
            let eve = try await DeveloperClient.signUp(portal, "eve@example.com", name: "Eve")
            let token = try await eve.tokens().access
            let unknown = try await eve.call(.get, "/applications/" + String(repeating: "A", count: 32), token: token)
            #expect(unknown.status == .notFound && (Self.code(unknown)) == 60)
            let endpoints: [(HTTPRequest.Method, String, String?)] = [
                (.get, "", nil), (.patch, "", #"{"name": "Mine now"}"#), (.delete, "", nil), (.get, "/credentials", nil),
                (.post, "/secret", nil), (.get, "/activity", nil), (.get, "/subscriptions", nil),
                (.post, "/subscriptions", #"{"api": "echo"}"#), (.delete, "/subscriptions/echo", nil),
            ]
            for (method, path, body) in endpoints {
                let answer = try await eve.call(method, "/applications/\(ada.clientID)" + path, token: token, json: body)
                #expect(answer.status == .notFound && answer.body == unknown.body, "\(method) \(path)")
            }
            #expect(try await portal.platform.token(authorization: ada.basicAuthorization).status == .ok)
            let adas = try await ada.call(.get, "/applications/\(ada.clientID)", token: try await ada.tokens().access)
            #expect(adas.object["name"] as? String == "CI")
        }
    }

    @Test func subscriptionsFollowTheCatalogAndPendingOnesGiveNoToken() async throws {
        try await withPortal { portal in
            let ada = try await DeveloperClient.signUp(portal, "ada@example.com")
            try await withAdministration(portal.configuration) { platform in
                let provisioning = platform.provisioning
                for name in ["weather", "maps", "legacy", "old"] {
                    _ = try await provisioning.createAPI(name: name, basePath: "/\(name)/v1", upstream: "http://127.0.0.1:9")
                }
                _ = try await platform.store.saveDocumentation(
                    APIDocumentation(
                        apiName: "maps", description: "Maps of the world", terms: "Be nice.", termsVersion: "2", approval: .manual,
                        updatedAt: Date()))
                _ = try await provisioning.updateAPI(named: "legacy", status: .deprecated)
                _ = try await provisioning.updateAPI(named: "old", status: .retired)
            }
            let token = try await ada.tokens().access

            let catalog = try await ada.call(.get, "/apis", token: token)
            let apis = try #require(catalog.object["apis"] as? [[String: Any]])
            #expect(Set(apis.compactMap { $0["name"] as? String }) == ["echo", "weather", "maps", "legacy"])
            let maps = try #require(apis.first { $0["name"] as? String == "maps" })
            #expect(maps["terms_version"] as? String == "2" && maps["approval"] as? String == "manual")
            #expect(maps["description"] as? String == "Maps of the world" && maps["base_path"] as? String == "/maps/v1")

            let created = try await ada.call(.post, "/applications", token: token, json: #"{"name": "Mapper"}"#)
            let mapper = try #require((created.object["application"] as? [String: Any])?["client_id"] as? String)
            let mapperHeader = try #require((created.object["credentials"] as? [String: Any])?["authorization"] as? String)
            let base = "/applications/\(mapper)/subscriptions"
            for (body, status, code) in [
                (#"{"api": "maps"}"#, HTTPResponse.Status.badRequest, 24), (#"{"api": "maps", "accept_terms_version": "1"}"#, .badRequest, 24),
                (#"{"api": "legacy"}"#, .badRequest, 24), (#"{"api": "old"}"#, .badRequest, 24), (#"{"api": "nothing"}"#, .badRequest, 24),
                (#"{"accept_terms_version": "2"}"#, .badRequest, 23),
            ] {
                let refused = try await ada.call(.post, base, token: token, json: body)
                #expect(refused.status == status && (Self.code(refused)) == code, "\(body)")
            }
            let pending = try await ada.call(.post, base, token: token, json: #"{"api": "maps", "accept_terms_version": "2"}"#)
            #expect(pending.status == .created)
            #expect(pending.object["status"] as? String == "pending" && (pending.object["accepted_by"] as? String) == "ada@example.com")
            #expect(pending.object["terms_version"] as? String == "2")
            let again = try await ada.call(.post, base, token: token, json: #"{"api": "maps", "accept_terms_version": "2"}"#)
            #expect(again.status == .conflict)
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await portal.platform.token(authorization: mapperHeader).status != .ok, "a pending subscription gives no token")

            let active = try await ada.call(.post, base, token: token, json: #"{"api": "weather"}"#)
            #expect(active.status == .created && (active.object["status"] as? String) == "active")
            #expect(try await portal.platform.token(authorization: mapperHeader).status == .ok)
            let listed = try await ada.call(.get, base, token: token)
            #expect((listed.object["subscriptions"] as? [[String: Any]])?.compactMap { $0["api"] as? String } == ["maps", "weather"])
            #expect(try await ada.call(.get, "/applications/" + mapper, token: token).object["subscriptions"] as? [String] == ["weather"])

            #expect(try await ada.call(.delete, base + "/weather", token: token).status == .noContent)
            let gone = try await ada.call(.delete, base + "/weather", token: token)
            #expect(gone.status == .notFound && (Self.code(gone)) == 60)
            let activity = try await ada.call(.get, "/applications/\(mapper)/activity", token: token)
            #expect(Self.kinds(activity) == ["unsubscribed", "subscribed", "subscription-requested", "created"], "\(activity.body)")
        }
    }

    @Test func orangerieLoginThenCallReachTheAPI() async throws {
        try await withPortal { portal in
            // The CLI's application: registered with the loopback redirect URI `orangerie login` uses (RFC 8252).
            let browser = try await portal.developer("ada@example.com")
            _ = try await portal.signIn(browser, "ada@example.com")
            let clientID = try await portal.createApplication(browser, name: "CLI", redirectURIs: "http://127.0.0.1/callback")
            try await portal.publishAPI()
            #expect(try await portal.subscribe(browser, clientID).status == .seeOther)
            let environment = [
                "ORANGERIE_ISSUER": portal.platform.baseURL + "/openidconnect/fr/v1",
                "ORANGERIE_AUTHORIZATION_HEADER": try await portal.revealedHeader(browser, clientID: clientID),
                "ORANGERIE_TOKEN_CACHE": TemporaryDirectory().path + "/tokens.json",
            ]
            let login = try OrangerieProcess(["login", "--no-browser", "--scope", "openid portal"], environment: environment)
            let line = try #require(await login.standardErrorLine(containing: "/openidconnect/fr/v1/authorize?"))
            let url = try #require(line.split(separator: " ").first { $0.hasPrefix("http") }.map(String.init))
            let answer = try await browser.signIn(startingAt: url, username: "ada@example.com", password: PortalTests.password)
            let location = try #require(answer.headers[.location])
            let callback = try #require(URLComponents(string: location))
            let port = try #require(callback.port)
            _ = try await RunningPlatform(port: port).request(.get, callback.path + "?" + (callback.query ?? ""))
            let result = await login.result()
            #expect(result.status == 0, "\(result.stderr)")

            let call = try await OrangerieProcess.run(["call", "--user", portal.platform.baseURL + "/portal/api/v1/applications"], environment: environment)
            #expect(call.status == 0, "\(call.stderr)")
            #expect(call.stdout.contains(#""client_id":"\#(clientID)""#))
        }
    }
}

extension HTTPAnswer {
    /// The body as a JSON object; empty when it is none.
    var object: [String: Any] { (try? json()) ?? [:] }
}
