import Foundation
import HTTPTypes
import Hummingbird
import Logging
import OAuthCore
import PlatformPages
import PlatformServices
import PlatformStore

/// The developer portal at `/portal` (issue 12): sign-up and e-mail verification, sign-in through the provider's own
/// login page (``PortalSignIn``), and MyApps with each application's Credentials tab (seed 002: "available in your
/// client space MyApps > tab Credentials").
package struct DeveloperPortal: Sendable {
    package enum Paths {
        static let home = "/portal"
        static let signIn = "/portal/signin"
        static let signOut = "/portal/signout"
        static let signUp = "/portal/signup"
        static let signUpSent = "/portal/signup/sent"
        static let verify = "/portal/verify"
        static let resendVerification = "/portal/verify/resend"
        static let reset = "/portal/reset"
        static let resetSent = "/portal/reset/sent"
        static let newPassword = "/portal/reset/new"
        static let applications = "/portal/apps"
        static func application(_ clientID: String) -> String { applications + "/" + clientID }
        static func credentials(_ clientID: String) -> String { application(clientID) + "/credentials" }
        static func usage(_ clientID: String) -> String { application(clientID) + "/usage" }
        static let apis = "/portal/apis"
        static func api(_ name: String) -> String { apis + "/" + name }
        static let activity = "/portal/activity"
    }

    let store: any DeveloperStore & ApplicationStore & APIStore & EndUserStore & UsageStore & AuditTrail
    let accounts: DeveloperAccounts
    let provisioning: Provisioning
    let sealed: SealedState
    let mailer: any Mailer
    let throttle: PortalThrottle
    /// What the usage pages show (issue 13).
    let usage: UsageReader
    /// Checks the bearer tokens of the JSON API (``PortalAPI``).
    let verifier: AccessTokenVerifier
    /// Brings this instance's caches up to date with the store: called after each change the portal makes, so that
    /// an application is usable here the moment its page says it exists (other instances follow the change feed).
    let catchUp: @Sendable () async -> Void
    /// The platform's public URL, without a trailing slash: the links sent by e-mail start with it.
    let publicURL: @Sendable () -> String
    let clock: WallClock
    let configuration: PortalConfiguration
    let logger: Logger
    let pages: Pages
    /// The provider's route that signs a browser in for the portal.
    let providerSignInPath: String
    /// Where the provider's session cookie lives, to end it with the portal's at sign-out.
    let providerSessionCookie: (name: String, path: String)

    package init(
        store: any DeveloperStore & ApplicationStore & APIStore & EndUserStore & UsageStore & AuditTrail, accounts: DeveloperAccounts, provisioning: Provisioning,
        vault: CredentialVault, mailer: any Mailer, limiter: any RateLimiter, verifier: AccessTokenVerifier,
        catchUp: @escaping @Sendable () async -> Void, publicURL: @escaping @Sendable () -> String, clock: WallClock,
        configuration: PortalConfiguration,
        providerSignInPath: String, providerSessionCookie: (name: String, path: String), logger: Logger
    ) throws {
        self.store = store
        self.accounts = accounts
        self.provisioning = provisioning
        self.sealed = SealedState(vault: vault)
        self.mailer = mailer
        self.throttle = PortalThrottle(limiter: limiter)
        self.usage = UsageReader(store: store, limiter: limiter, clock: clock)
        self.verifier = verifier
        self.catchUp = catchUp
        self.publicURL = publicURL
        self.clock = clock
        self.configuration = configuration
        self.providerSignInPath = providerSignInPath
        self.providerSessionCookie = providerSessionCookie
        self.logger = logger
        self.pages = try Pages(templates: PortalTemplates.all.merging(PortalTemplates.consoleTemplates) { first, _ in first })
    }

    package func addRoutes<Context: ClientAddressRequestContext>(to router: Router<Context>) {
        router.get(RouterPath(Paths.home)) { request, _ in await home(request) }
        router.get(RouterPath(Paths.signIn)) { request, _ in signIn(request, returnPath: Paths.applications, reauthenticate: false) }
        router.get(RouterPath(PortalSignIn.callbackPath)) { request, _ in await signedIn(request) }
        router.post(RouterPath(Paths.signOut)) { request, _ in await signOut(request) }
        router.get(RouterPath(Paths.signUp)) { request, _ in formPage("signup", request) }
        router.post(RouterPath(Paths.signUp)) { request, context in await signUp(request, clientAddress: context.clientAddress) }
        router.get(RouterPath(Paths.signUpSent)) { request, _ in page("sent", request) }
        router.get(RouterPath(Paths.verify)) { request, _ in verifyPage(request) }
        router.post(RouterPath(Paths.verify)) { request, _ in await verify(request) }
        router.post(RouterPath(Paths.resendVerification)) { request, context in
            await resendVerification(request, clientAddress: context.clientAddress)
        }
        router.get(RouterPath(Paths.reset)) { request, _ in formPage("reset", request) }
        router.post(RouterPath(Paths.reset)) { request, context in await requestReset(request, clientAddress: context.clientAddress) }
        router.get(RouterPath(Paths.resetSent)) { request, _ in page("sent", request) }
        router.get(RouterPath(Paths.newPassword)) { request, _ in formPage("new-password", request) }
        router.post(RouterPath(Paths.newPassword)) { request, _ in await setNewPassword(request) }
        router.get(RouterPath(Paths.applications)) { request, _ in await applications(request) }
        router.post(RouterPath(Paths.applications)) { request, _ in await createApplication(request) }
        router.get(RouterPath(Paths.applications + "/:clientID")) { request, context in
            await application(request, clientID: context.parameters.get("clientID") ?? "")
        }
        router.get(RouterPath(Paths.applications + "/:clientID/credentials")) { request, context in
            await credentials(request, clientID: context.parameters.get("clientID") ?? "")
        }
        router.get(RouterPath(Paths.applications + "/:clientID/usage")) { request, context in
            await usagePage(request, clientID: context.parameters.get("clientID") ?? "")
        }
        router.get(RouterPath(Paths.applications + "/:clientID/usage.csv")) { request, context in
            await usageCSV(request, clientID: context.parameters.get("clientID") ?? "")
        }
        router.post(RouterPath(Paths.applications + "/:clientID/renew")) { request, context in
            await renewSecret(request, clientID: context.parameters.get("clientID") ?? "")
        }
        router.post(RouterPath(Paths.applications + "/:clientID/delete")) { request, context in
            await deleteApplication(request, clientID: context.parameters.get("clientID") ?? "")
        }
        router.post(RouterPath(Paths.applications + "/:clientID/edit")) { request, context in
            await editApplication(request, clientID: context.parameters.get("clientID") ?? "")
        }
        router.post(RouterPath(Paths.applications + "/:clientID/redirect-uris")) { request, context in
            await setRedirectURIs(request, clientID: context.parameters.get("clientID") ?? "")
        }
        router.post(RouterPath(Paths.applications + "/:clientID/unsubscribe")) { request, context in
            await unsubscribe(request, clientID: context.parameters.get("clientID") ?? "")
        }
        router.get(RouterPath(Paths.activity)) { request, _ in await spaceActivity(request) }
        router.get(RouterPath(Paths.apis)) { request, _ in await catalog(request) }
        router.get(RouterPath(Paths.apis + "/:name")) { request, context in
            await apiPage(request, name: context.parameters.get("name") ?? "", tab: "")
        }
        // Each tab by name, since a constant segment (`terms`, `samples`) hides the parameter route for its other methods.
        for tab in APITab.allCases.map(\.rawValue) + [":tab"] where !tab.isEmpty {
            router.get(RouterPath(Paths.apis + "/:name/" + tab)) { request, context in
                await apiPage(request, name: context.parameters.get("name") ?? "", tab: context.parameters.get("tab") ?? tab)
            }
        }
        router.get(RouterPath(Paths.apis + "/:name/samples/:language")) { request, context in
            await sampleFile(request, name: context.parameters.get("name") ?? "", language: context.parameters.get("language") ?? "")
        }
        router.get(RouterPath(Paths.apis + "/:name/postman.json")) { request, context in
            await postmanCollection(request, name: context.parameters.get("name") ?? "")
        }
        router.post(RouterPath(Paths.apis + "/:name/subscribe")) { request, context in
            await subscribe(request, apiName: context.parameters.get("name") ?? "")
        }
        router.post(RouterPath(Paths.apis + "/:name/terms")) { request, context in
            await acceptTerms(request, apiName: context.parameters.get("name") ?? "")
        }
        addConsoleRoutes(to: router)
        PortalAPI(
            store: store, provisioning: provisioning, usage: usage, verifier: verifier, catchUp: catchUp, clock: clock, configuration: configuration,
            logger: logger
        ).addRoutes(to: router)
    }

    // MARK: Shared

    /// The page language, from `Accept-Language`.
    func text(for request: Request) -> PortalText {
        PortalText.choose(PageLanguage.accepted(by: request))
    }

    /// A value for a template section (`{{#name}}…{{/name}}`): the text, or `false` when there is none — swift-mustache
    /// takes an empty string as true, and a missing key would be looked up in the enclosing context instead.
    static func optional(_ text: String?) -> Any {
        text.flatMap { $0.isEmpty ? nil : $0 } ?? false
    }

    /// Renders a portal page with its words and, when signed in, the navigation.
    func render(
        _ template: String, _ request: Request, status: HTTPResponse.Status = .ok, session: PortalSession? = nil,
        values: [String: Any] = [:]
    ) -> Response {
        var values = values
        values["text"] = text(for: request)
        if let session, session.isSignedIn {
            values["signedIn"] = true
            values["csrfToken"] = session.csrfToken
        }
        values["paths"] = [
            "home": Paths.home, "signIn": Paths.signIn, "signOut": Paths.signOut, "signUp": Paths.signUp,
            "applications": Paths.applications, "apis": Paths.apis, "activity": Paths.activity, "verify": Paths.verify, "resendVerification": Paths.resendVerification,
            "reset": Paths.reset, "newPassword": Paths.newPassword, "demoMailbox": Self.optional(configuration.demoMailboxPath),
        ]
        return pages.render(template, status: status, bodyClass: "wide", values: values)
    }

    func page(_ template: String, _ request: Request) -> Response {
        render(template, request, session: session(of: request))
    }

    func errorPage(_ request: Request, status: HTTPResponse.Status, message: KeyPath<PortalText, String>) -> Response {
        let text = text(for: request)
        return render("error", request, status: status, session: session(of: request), values: ["message": text[keyPath: message]])
    }

    /// The portal session of `request`, unless absent, tampered with or expired.
    func session(of request: Request) -> PortalSession? {
        sealed.openSession(request.cookies[PortalSession.cookieName]?.value, as: PortalSession.self, context: .portalSession, now: clock.now())
    }

    /// The signed-in developer, unless there is none, it is no developer or its user is locked.
    func developer(of session: PortalSession) async throws -> Developer? {
        guard let user = try await store.user(subject: session.subject), !user.locked else { return nil }
        return try await store.developer(subject: session.subject)
    }

    /// The posted form, when its CSRF token is the session's.
    func checkedForm(_ request: Request, session: PortalSession?) async -> Form? {
        guard let form = await Form.read(request, upTo: configuration.maximumBodySize),
            session.map({ $0.acceptsCSRFToken(form["csrf_token"]) }) ?? false
        else {
            return nil
        }
        return form
    }

    func cookie(_ name: String, value: String, maxAge: Int? = nil) -> Cookie {
        Cookie(
            name: name, value: value, maxAge: maxAge, path: Paths.home, secure: configuration.secureCookies, httpOnly: true,
            sameSite: .lax)
    }

    /// Sends one plain-text e-mail.
    func sendMail(to address: String, subject: String, body: String) async throws {
        try await mailer.send(try MailMessage(to: address, subject: subject, body: body))
    }

    func failure(_ request: Request, _ error: any Error, doing what: Logger.Message) -> Response {
        logger.error(what, metadata: ["error": "\(error)"])
        return errorPage(request, status: .internalServerError, message: \.unexpected)
    }
}
