import Foundation
import OAuthCore
import PlatformStore
import Tracing

/// The administrative operations on APIs and applications, shared by the CLI, the demo and the portal.
/// It validates input, generates credentials and hands the store records that are valid by construction; the store
/// writes what it does to an application to the audit trail (issue 13, item 3), by ``AuditActor/current``.
package struct Provisioning: Sendable {
    let store: any PlatformStore
    let vault: CredentialVault
    private let passwordCost: UInt8
    /// Spans bcrypt inside a traced request (issue 14, item 2).
    private let tracer: any Tracer
    /// When a renewal's grace ends.
    let clock: WallClock
    /// Who tells developers and administrators what happened (issue 13, item 5); nobody is told without one.
    private(set) var notifier: Notifier?

    /// `clock` dates the end of a secret renewal's grace period; `passwordCost` is bcrypt's: 12 (about
    /// 0.2 s a hash here) unless a test asks for less.
    package init(
        store: any PlatformStore, vault: CredentialVault, clock: WallClock = .system, passwordCost: UInt8 = 12,
        tracer: any Tracer = NoOpTracer()
    ) {
        self.store = store
        self.vault = vault
        self.passwordCost = passwordCost
        self.tracer = tracer
        self.clock = clock
    }

    /// The same provisioning, telling developers and administrators by e-mail what happens to their applications
    /// (issue 13, item 5): the server's, and that of the commands that take `--public-url`.
    package func notifying(_ notifier: Notifier) -> Provisioning {
        var provisioning = self
        provisioning.notifier = notifier
        return provisioning
    }

    // MARK: APIs

    package func createAPI(
        name: String, basePath: String, upstream: String, limits: Limits = .none, limitStatus: Int = 403,
        scopes: [String] = [], limitFallback: LimitFallback = .closed
    ) async throws -> RegisteredAPI {
        let draft = APIDraft(
            name: try Validation.apiName(name), basePath: try Validation.basePath(basePath),
            upstream: try Validation.upstream(upstream), limits: try Validation.limits(limits),
            limitStatus: try Validation.limitStatus(limitStatus), scopes: try Validation.scopes(scopes), limitFallback: limitFallback)
        return try await store.createAPI(draft)
    }

    package func apis() async throws -> [RegisteredAPI] {
        try await store.apis()
    }

    package func api(named name: String) async throws -> RegisteredAPI {
        guard let api = try await store.api(named: name) else { throw StoreError.notFound("API \(name)") }
        return api
    }

    /// Changes what is given and keeps the rest. For `rate` and `quota`, `.some(nil)` removes the limit;
    /// `scopes` replaces the API's scopes; `policy` changes what the proxy enforces (issue 18), which may need the
    /// API's OpenAPI document.
    package func updateAPI(
        named name: String, upstream: String? = nil, status: APIStatus? = nil, rate: Allowance?? = nil,
        quota: Allowance?? = nil, limitStatus: Int? = nil, scopes: [String]? = nil, limitFallback: LimitFallback? = nil,
        policy change: GatewayPolicyChange = GatewayPolicyChange()
    ) async throws -> RegisteredAPI {
        var api = try await self.api(named: name)
        api.policy = try policy(api.policy, applying: change, apiName: name)
        if api.policy.usesDocument {
            try checkContract(of: try await store.documentation(apiName: name), policy: api.policy)
        }
        api.upstream = try upstream.map(Validation.upstream) ?? api.upstream
        api.status = status ?? api.status
        api.limits = try Validation.limits(Limits(rate: rate ?? api.limits.rate, quota: quota ?? api.limits.quota))
        api.limitStatus = try limitStatus.map(Validation.limitStatus) ?? api.limitStatus
        api.scopes = try scopes.map(Validation.scopes) ?? api.scopes
        api.limitFallback = limitFallback ?? api.limitFallback
        return try await store.updateAPI(api)
    }

    // MARK: Applications

    /// Creates an application and its client space when the e-mail address has none; `logout`, when it registers
    /// anything, is checked first and saved right after (issue 16, item 1); `mayIntrospect` is the operator's leave to
    /// introspect tokens (RFC 7662 §4).
    package func createApplication(
        email: String, name: String, description: String = "", redirectURIs: [String] = [],
        logout: LogoutRegistration = LogoutRegistration(), subscriptions: [String] = [], mayIntrospect: Bool = false
    ) async throws -> ProvisionedApplication {
        let logout = try Validation.logout(logout)
        let (clientID, secret, stored) = try vault.issueCredentials()
        let draft = ApplicationDraft(
            email: try Validation.email(email), name: try Validation.applicationName(name),
            description: try Validation.applicationDescription(description), clientID: clientID,
            credential: stored, redirectURIs: try redirectURIs.map(Validation.redirectURI),
            subscriptions: subscriptions, mayIntrospect: mayIntrospect)
        var application = try await store.createApplication(draft)
        if logout != LogoutRegistration() { application = try await store.setLogout(logout, clientID: clientID) }
        return ProvisionedApplication(
            application: application, credentials: ClientCredentials(clientID: clientID, clientSecret: secret))
    }

    package func applications() async throws -> [ClientApplication] {
        try await store.applications()
    }

    package func application(clientID: String) async throws -> ClientApplication {
        guard let application = try await store.application(clientID: clientID) else {
            throw StoreError.notFound("application \(clientID)")
        }
        return application
    }

    /// Changes the name and the description that are given, validated, and keeps the other (the portal's edit, issue
    /// 12).
    package func updateApplication(clientID: String, name: String?, description: String?) async throws -> ClientApplication {
        let current = try await application(clientID: clientID)
        return try await store.updateApplication(
            clientID: clientID, name: try name.map(Validation.applicationName) ?? current.name,
            description: try description.map(Validation.applicationDescription) ?? current.description)
    }

    /// Replaces the secret and revokes the tokens obtained with it (issue 2, "Credentials"). During `grace`
    /// seconds (0 to 48 h, issue 12: `serve --secret-renewal-grace`) the old secret still gets tokens, and those
    /// obtained with it keep working, until the grace's end and no later; afterwards, or at once when `grace` is 0,
    /// it gets seed 002's "out-of-date" answer. A secret replaced earlier no longer works at all.
    package func renewSecret(clientID: String, grace: TimeInterval = 0) async throws -> ProvisionedApplication {
        let grace = try Validation.secretRenewalGrace(grace)
        let current = try await application(clientID: clientID)
        let (secret, stored) = try vault.renewSecret(
            for: clientID, replacing: current.credential, previousValidUntil: grace > 0 ? clock.now().addingTimeInterval(grace) : nil)
        let application = try await store.replaceCredential(stored, clientID: clientID)
        return ProvisionedApplication(
            application: application, credentials: ClientCredentials(clientID: clientID, clientSecret: secret))
    }

    /// Suspends (no token until resumed) or resumes the application, then tells its developer.
    package func setStatus(_ status: ApplicationStatus, clientID: String) async throws -> ClientApplication {
        let application = try await store.setStatus(status, clientID: clientID)
        await notifier?.send(NotificationMail(status == .suspended ? .suspended : .resumed, application: application), to: [application.email])
        return application
    }

    /// Subscribes the application to the API, with limits that replace the API's own when given.
    package func subscribe(clientID: String, apiName: String, limits: Limits = .none) async throws -> ClientApplication {
        try await store.subscribe(clientID: clientID, apiName: apiName, limits: try Validation.limits(limits))
    }

    /// Replaces the application's redirect URIs (seed 003: the callback URLs given at registration).
    package func setRedirectURIs(_ redirectURIs: [String], clientID: String) async throws -> ClientApplication {
        try await store.setRedirectURIs(try redirectURIs.map(Validation.redirectURI), clientID: clientID)
    }

    /// Replaces what the application registered for sign-out (issue 16, item 1).
    package func setLogout(_ logout: LogoutRegistration, clientID: String) async throws -> ClientApplication {
        try await store.setLogout(try Validation.logout(logout), clientID: clientID)
    }

    /// Lets the application introspect tokens (RFC 7662 §4: the operator decides which resource servers may), or no
    /// longer; running servers see it as they see any change to an application.
    package func setMayIntrospect(_ mayIntrospect: Bool, clientID: String) async throws -> ClientApplication {
        try await store.setMayIntrospect(mayIntrospect, clientID: clientID)
    }

    /// Requires the application to push its authorization requests before `/authorize` (RFC 9126 §6), or no longer.
    package func setRequiresPushedAuthorizationRequests(_ required: Bool, clientID: String) async throws -> ClientApplication {
        try await store.setRequiresPushedAuthorizationRequests(required, clientID: clientID)
    }

    /// Revokes every token issued to the application so far; new token requests still succeed.
    package func revokeTokens(clientID: String) async throws -> ClientApplication {
        try await store.revokeTokens(clientID: clientID)
    }

    package func unsubscribe(clientID: String, apiName: String) async throws -> ClientApplication {
        try await store.unsubscribe(clientID: clientID, apiName: apiName)
    }

    /// The application's credentials in clear, as the portal's Credentials tab shows them (seed 002).
    package func credentials(of application: ClientApplication) throws -> ClientCredentials {
        ClientCredentials(
            clientID: application.clientID,
            clientSecret: try vault.revealSecret(of: application.credential, clientID: application.clientID))
    }
}

extension Provisioning {
    // MARK: End users

    /// Creates an end user; the password is kept as a bcrypt hash only.
    package func createUser(username: String, password: String, claims: EndUserClaims = EndUserClaims()) async throws -> EndUser {
        let username = try Validation.username(username)
        let password = try Validation.password(password)
        var claims = claims
        claims.email = try claims.email.map(Validation.email)
        let passwordHash = await PasswordCheck.hash(password, cost: passwordCost, tracer: tracer)
        return try await store.createUser(username: username, passwordHash: passwordHash, claims: claims)
    }

    package func users() async throws -> [EndUser] {
        try await store.users()
    }

    /// Locks or unlocks a user: a locked user cannot sign in, and every token of theirs is revoked (issue 5).
    /// Makes the user an administrator of the provider's console, or no longer one (issue 13, item 4).
    package func setAdministrator(_ isAdministrator: Bool, username: String) async throws -> EndUser {
        try await store.setAdministrator(isAdministrator, username: username)
    }

    package func setLocked(_ locked: Bool, username: String) async throws -> EndUser {
        try await store.setLocked(locked, username: username)
    }

    /// The user's consents, each with its application when that still exists.
    package func consents(username: String) async throws -> [(grant: ConsentGrant, application: ClientApplication?)] {
        let user = try await existingUser(username)
        let applications = Dictionary(uniqueKeysWithValues: try await store.applications().map { ($0.id, $0) })
        return try await store.grants(userSubject: user.subject).map { ($0, applications[$0.applicationID]) }
    }

    /// Withdraws the user's consent to the application, as the user can on the account page: its tokens stop
    /// working at once (seed 003, "no consent has been found").
    package func revokeConsent(username: String, clientID: String) async throws {
        let user = try await existingUser(username)
        let application = try await application(clientID: clientID)
        guard let grant = try await store.grant(userSubject: user.subject, applicationID: application.id),
            try await store.revokeGrant(id: grant.id)
        else {
            throw StoreError.notFound("consent of \(username) to application \(clientID)")
        }
    }

    private func existingUser(_ username: String) async throws -> EndUser {
        guard let user = try await store.user(username: username) else { throw StoreError.notFound("user \(username)") }
        return user
    }
}

extension Provisioning {
    // MARK: Signing keys

    /// Adds a new ID token signing key, which signs from now on; the older ones stay published for a while.
    package func rotateSigningKey(now: Date = Date()) async throws -> SigningKey {
        let key = try await SigningKeyFactory.makeRS256(vault: vault, now: now)
        try await store.addSigningKey(key)
        return key
    }

    package func signingKeys() async throws -> [SigningKey] {
        try await store.signingKeys()
    }
}

/// An application with its credentials in clear: only ever returned to the application's owner.
package struct ProvisionedApplication: Sendable {
    package var application: ClientApplication
    package var credentials: ClientCredentials

    package init(application: ClientApplication, credentials: ClientCredentials) {
        self.application = application
        self.credentials = credentials
    }
}
