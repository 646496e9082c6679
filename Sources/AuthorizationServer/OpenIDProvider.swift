import Foundation
import HTTPTypes
import Hummingbird
import Logging
import OAuthCore
import PlatformPages
import PlatformServices
import PlatformStore
import Synchronization
import Tracing

/// The OpenID Connect provider of seed 003: authorize with its login and consent pages, the token endpoint for
/// `authorization_code` and `refresh_token`, userinfo, the account page where users withdraw consents, and
/// discovery (issue 5). Follows RFC 9700 by default: PKCE S256 only, exact redirect URIs, `iss` in responses.
package struct OpenIDProvider: Sendable {
    /// Seed 003's paths, under `https://api.orange.com`.
    package enum Paths {
        package static let base = "/openidconnect/fr/v1"
        package static let authorize = base + "/authorize"
        static let authorizeContinue = base + "/authorize/continue"
        package static let login = base + "/login"
        /// Where the developer portal sends a browser to sign in (``PortalSignIn``).
        package static let portalLogin = base + "/login/portal"
        package static let consent = base + "/consent"
        package static let token = base + "/token"
        /// RFC 7009.
        package static let revocation = base + "/revoke"
        /// RFC 7662, served by ``IntrospectionEndpoint``.
        package static let introspection = base + "/introspect"
        /// RFC 9126's pushed authorization request endpoint, the name its examples use.
        package static let pushedAuthorizationRequest = base + "/par"
        package static let userinfo = base + "/userinfo"
        /// Seed 003's example calls userinfo here.
        package static let sharedUserinfo = "/openidconnect/v1/userinfo"
        package static let account = base + "/account"
        static let accountRevoke = base + "/account/revoke"
        static let logout = base + "/logout"
        /// OpenID Connect RP-Initiated Logout 1.0's end-session endpoint.
        package static let endSession = base + "/end-session"
        package static let discovery = base + "/.well-known/openid-configuration"
        /// RFC 8414 §3: the well-known segment goes between the host and the issuer's path.
        package static let authorizationServerMetadata = "/.well-known/oauth-authorization-server" + base
    }

    let directory: PlatformDirectory
    let store: any GrantStore & EndUserStore & TokenStore & DeviceAuthorizationStore & PushedAuthorizationRequestStore
    let keyRing: KeyRing
    let verifier: AccessTokenVerifier
    let tokenCache: IssuedTokenCache
    /// Told at once of the consents this instance withdraws; other instances learn it from the change feed.
    let consents: ConsentCache
    let signInThrottle: SignInThrottle
    /// Counts the token endpoint's answers (issue 13).
    let usage: UsageRecorder
    let issuer: Issuer
    let configuration: OpenIDConfiguration
    let clock: WallClock
    let logger: Logger
    let vault: CredentialVault
    /// Client authentication at the token and revocation endpoints, in seed 003's words.
    let authenticator: ClientAuthenticator
    let sealed: SealedState
    let pages: Pages
    let signIns: SignInMetrics
    /// Spans the password check of a sign-in (issue 14, item 2).
    let tracer: any Tracer
    /// Tells applications that a session ended (issue 16, item 1).
    let backChannel: BackChannelLogout
    /// Checks the DPoP proofs of token requests and userinfo calls (issue 16, item 4).
    let dpop: DPoPProofVerifier

    package init(
        directory: PlatformDirectory,
        store: any GrantStore & EndUserStore & TokenStore & DeviceAuthorizationStore & PushedAuthorizationRequestStore,
        vault: CredentialVault, keyRing: KeyRing,
        verifier: AccessTokenVerifier, tokenCache: IssuedTokenCache, consents: ConsentCache, issuer: Issuer,
        configuration: OpenIDConfiguration, signInThrottle: SignInThrottle, usage: UsageRecorder, backChannel: BackChannelLogout,
        clock: WallClock = .system, tracer: any Tracer = NoOpTracer(), logger: Logger, metrics: PlatformMetrics = .none
    ) throws {
        self.directory = directory
        self.store = store
        self.vault = vault
        self.keyRing = keyRing
        self.verifier = verifier
        self.tokenCache = tokenCache
        self.consents = consents
        self.signInThrottle = signInThrottle
        self.usage = usage
        self.issuer = issuer
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        self.tracer = tracer
        self.backChannel = backChannel
        dpop = DPoPProofVerifier(clock: clock)
        authenticator = ClientAuthenticator(directory: directory, vault: vault, wording: .seed003, clock: clock, logger: logger)
        sealed = SealedState(vault: vault)
        pages = try Pages()
        signIns = SignInMetrics(metrics: metrics)
    }

    package func addRoutes<Context: ClientAddressRequestContext>(to router: Router<Context>) {
        router.get(RouterPath(Paths.authorize)) { request, _ in await authorize(request) }
        router.post(RouterPath(Paths.authorize)) { request, _ in await authorize(request) }
        router.get(RouterPath(Paths.authorizeContinue)) { request, _ in await continueAuthorization(request) }
        router.post(RouterPath(Paths.login)) { request, context in
            await signIn(request, clientAddress: context.clientAddress ?? "unknown")
        }
        router.get(RouterPath(Paths.portalLogin)) { request, _ in await signInForPortal(request) }
        router.post(RouterPath(Paths.consent)) { request, _ in await decideConsent(request) }
        router.get(RouterPath(Paths.account)) { request, _ in await account(request) }
        router.post(RouterPath(Paths.accountRevoke)) { request, _ in await revokeFromAccount(request) }
        router.post(RouterPath(Paths.logout)) { request, _ in await signOut(request) }
        router.get(RouterPath(Paths.endSession)) { request, _ in await endSession(request) }
        router.post(RouterPath(Paths.endSession)) { request, _ in await endSession(request) }
        addDeviceAuthorizationRoutes(to: router)
        // Seed 003's table: other methods and unknown paths of the token endpoint's family.
        for method in [HTTPRequest.Method.get, .head, .post, .put, .delete, .patch, .options] {
            router.on(RouterPath(Paths.token), method: method) { request, _ in await token(request) }
            router.on(RouterPath(Paths.revocation), method: method) { request, _ in await revoke(request) }
            router.on(RouterPath(Paths.pushedAuthorizationRequest), method: method) { request, _ in await pushAuthorizationRequest(request) }
            router.on("/openidconnect/**", method: method) { _, _ in Refusal.resourceNotFound.withoutFinalPeriod.response }
        }
        for path in [Paths.userinfo, Paths.sharedUserinfo] {
            router.get(RouterPath(path)) { request, _ in await userInfo(request) }
            router.post(RouterPath(path)) { request, _ in await userInfo(request) }
        }
        for path in [Paths.discovery, Paths.authorizationServerMetadata] {
            router.get(RouterPath(path)) { _, _ in discoveryDocument() }
        }
    }
}

/// Lifetimes and limits of the provider, with seed 003's values as defaults.
package struct OpenIDConfiguration: Sendable {
    /// "access_token has a lifetime of 1 hour" (seed 003); the ID token lives as long.
    package var accessTokenLifetime = 3600
    /// "refresh_token has a lifetime of 1 year" (seed 003).
    package var refreshTokenLifetime = 365 * 24 * 3600
    /// "code has a lifetime of about 10 minutes" (seed 003).
    package var codeLifetime = 600
    /// How long a single sign-on session lasts.
    package var sessionLifetime = 12 * 3600
    /// How long a login or consent page may stay open before its form is refused.
    package var interactionLifetime = 15 * 60
    /// Failed sign-ins per minute for one username, and for one client address (a NAT or a proxy may hide many
    /// people); successful ones are never counted.
    package var signInFailuresPerUser = 5
    package var signInFailuresPerAddress = 100
    /// Wrong user codes per minute on the device verification page, for one client address (RFC 8628 §5.1).
    package var userCodeFailuresPerAddress = 10
    /// RFC 8628 §3.2: how long a device code and its user code live, and the seconds a device waits between polls.
    package var deviceCodeLifetime = 600
    package var devicePollingInterval = 5
    /// `Secure` on the session cookie: true when the platform serves https.
    package var secureCookies = false
    /// Largest form read.
    package var maximumBodySize = 16 * 1024
    /// How long a pushed authorization request's `request_uri` may be used (RFC 9126 §2.2: "the lifetime is expected to
    /// be relatively short, say between 5 and 600 seconds"; issue 16 asks 60).
    package var pushedRequestLifetime = 60
    /// How many unused, unexpired pushed requests one application may have: more than a busy application's sign-ins
    /// in a lifetime, fewer than would fill the database.
    package var maximumWaitingPushedRequests = 1000

    package init() {}
}

/// The issuer identifier (OpenID Connect Discovery §3): the public URL and `/openidconnect/fr/v1`. Without
/// `--public-url` it is `http://HOST:PORT`, known once the server listens.
package final class Issuer: Sendable {
    private let value: Mutex<String>
    private let isExplicit: Bool

    /// `publicURL` such as `https://api.example.com`; a trailing slash is dropped.
    package init(publicURL: String?) {
        let trimmed = publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        value = Mutex((trimmed ?? "http://127.0.0.1") + OpenIDProvider.Paths.base)
        isExplicit = publicURL != nil
    }

    /// The base URL a request to `authority` (its `Host`) was addressed to, for a DPoP proof's `htu` (RFC 9449 §4.3):
    /// the public URL when one was given, since a proxy in front may rewrite `Host`; otherwise the listening scheme
    /// and `authority`, so that a client that reaches the platform by another name than the listening address is
    /// understood.
    package func baseURL(forAuthority authority: String?) -> String {
        guard !isExplicit, let authority, !authority.isEmpty else { return baseURL }
        let base = baseURL
        let scheme = base.prefix(while: { $0 != ":" })
        return "\(scheme)://\(authority)"
    }

    /// Sets the issuer from the listening address, unless a public URL was given.
    package func listening(at baseURL: String) {
        guard !isExplicit else { return }
        value.withLock { $0 = baseURL + OpenIDProvider.Paths.base }
    }

    package var url: String { value.withLock { $0 } }

    /// The platform's public URL: the issuer without the provider's path.
    package var baseURL: String { String(url.dropLast(OpenIDProvider.Paths.base.count)) }
}
