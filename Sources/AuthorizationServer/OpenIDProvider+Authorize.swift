import Foundation
import HTTPTypes
import Hummingbird
import Logging
import OAuthCore
import PlatformPages
import PlatformServices
import PlatformStore

/// `GET`/`POST /openidconnect/fr/v1/authorize`, the login and consent forms, and the redirect back to the
/// application (seed 003, "Step 1"; OpenID Connect Core §3.1.2). A request may name a pushed one instead (RFC 9126
/// §4): it is used up at once, and its checked parameters travel sealed through the pages as any request's do.
extension OpenIDProvider {
    func authorize(_ request: Request) async -> Response {
        let fields: [FormEncoding.Field]
        if request.method == .post {
            guard let form = await readForm(request) else { return pages.error(PageText.english.expiredPage, text: .english) }
            fields = form
        } else {
            guard let query = try? FormEncoding.decode(request.uri.query ?? "") else {
                return pages.error(PageText.english.invalidClient, text: .english)
            }
            fields = query
        }
        let browserText = text(for: request, preferring: [])
        let parameters: (fields: [FormEncoding.Field], pushed: Bool)
        do {
            guard let found = try await authorizationParameters(fields) else {
                logger.info("Authorization request refused with the error page", metadata: ["reason": "unknown, used or expired request_uri"])
                return pages.error(browserText.expiredPage, text: browserText)
            }
            parameters = found
        } catch {
            logger.error("Could not read a pushed authorization request", metadata: ["error": "\(error)"])
            return pages.error(browserText.expiredPage, text: browserText, status: .internalServerError)
        }
        switch AuthorizationRequest.validate(parameters.fields, directory: directory) {
        case .failure(.errorPage(let reason)):
            logger.info("Authorization request refused with the error page", metadata: ["reason": "\(reason)"])
            return pages.error(browserText.invalidClient, text: browserText)
        case .failure(.redirect(let error, let redirectURI, let state)):
            return redirect(to: redirectURI, error: error, state: state, status: .found)
        case .success(let authorization)
        where !parameters.pushed && directory.application(clientID: authorization.clientID)?.requiresPushedAuthorizationRequests == true:
            // RFC 9126 §6: an application that must push gets no authorization from parameters sent by the browser.
            return redirect(
                to: authorization.redirectURI, error: OAuthError(.invalidRequest, "this application must push its authorization requests"),
                state: authorization.state, status: .found)
        case .success(let authorization):
            let existing = session(of: request)
            let session = existing ?? .anonymous(now: clock.now(), lifetime: TimeInterval(configuration.sessionLifetime))
            let interaction = Interaction(request: authorization, browserID: session.browserID, startedAt: clock.now())
            var response = await proceed(with: interaction, session: session, request: request, status: .found)
            if existing == nil { setCookie(session, on: &response) }
            return response
        }
    }

    /// `GET …/authorize/continue?interaction=…`, where the browser lands after signing in.
    func continueAuthorization(_ request: Request) async -> Response {
        let query = (try? FormEncoding.decode(request.uri.query ?? "")) ?? []
        let sealedInteraction = query.first { $0.name == "interaction" }?.value
        guard let session = session(of: request), let interaction = openInteraction(sealedInteraction, session: session),
            interaction.request != nil || interaction.device != nil
        else {
            let text = text(for: request, preferring: [])
            return pages.error(text.expiredPage, text: text)
        }
        return await proceed(with: interaction, session: session, request: request, status: .found)
    }

    /// Decides what the request needs next: the login page, the consent page, or the code.
    func proceed(with interaction: Interaction, session: BrowserSession, request: Request, status: HTTPResponse.Status) async -> Response {
        if interaction.device != nil { return await proceed(withDevice: interaction, session: session, request: request) }
        guard let authorization = interaction.request else { return await account(request) }
        let text = text(for: request, preferring: authorization.uiLocales)
        guard let application = trustedApplication(for: authorization) else { return pages.error(text.invalidClient, text: text) }
        do {
            guard let user = try await signedInUser(session),
                !needsSignIn(authorization, session: session, startedAt: interaction.startedAt)
            else {
                if authorization.prompt.contains(.none) {
                    return redirect(to: authorization.redirectURI, error: .loginRequired, state: authorization.state, status: status)
                }
                return loginPage(interaction, session: session, application: application, text: text)
            }
            let grant = try await store.grant(userSubject: user.subject, applicationID: application.id)
            guard let grant, grant.scope.contains(authorization.scopes), !authorization.prompt.contains(.consent) else {
                if authorization.prompt.contains(.none) {
                    return redirect(to: authorization.redirectURI, error: .promptNone, state: authorization.state, status: status)
                }
                return consentPage(interaction, session: session, application: application, user: user, text: text)
            }
            return try await issueCode(for: authorization, grant: grant, scope: authorization.scopes, session: session, status: status)
        } catch {
            logger.error("Authorization failed", metadata: ["client_id": "\(authorization.clientID)", "error": "\(error)"])
            return redirect(to: authorization.redirectURI, error: .authorizationServerError, state: authorization.state, status: status)
        }
    }

    /// Whether the user must type their password again: `prompt=login`, or a `max_age` that has passed
    /// (OpenID Connect Core §3.1.2.1) — unless they just did, for this very request.
    private func needsSignIn(_ authorization: AuthorizationRequest, session: BrowserSession, startedAt: Date) -> Bool {
        guard let authTime = session.authTime else { return true }
        if authTime >= startedAt { return false }
        if authorization.prompt.contains(.login) { return true }
        // `>=`, so that max_age=0 always asks, as prompt=login does (Core §3.1.2.1).
        if let maxAge = authorization.maxAge, clock.now().timeIntervalSince(authTime) >= TimeInterval(maxAge) { return true }
        return false
    }

    /// Creates the code (random, 256 bits, stored as a digest, seed 003's 10 minutes) and sends the browser back
    /// with `code`, `state`, `scope` when less was granted than asked (seed 003), and `iss` (RFC 9207). The code keeps
    /// the session's `sid`, and the session remembers the application, to tell it when the session ends (issue 16).
    func issueCode(
        for authorization: AuthorizationRequest, grant: ConsentGrant, scope: Scopes, session: BrowserSession, status: HTTPResponse.Status
    ) async throws -> Response {
        let code = RandomString.base64URL(byteCount: 32)
        let now = clock.now()
        try await store.saveCode(
            AuthorizationCode(
                digest: TokenDigest(of: code), grantID: grant.id, redirectURI: authorization.redirectURI, scope: scope,
                codeChallenge: authorization.codeChallenge, nonce: authorization.nonce,
                acr: IDTokenClaims.acr(meeting: authorization.acrValues), authTime: session.authTime ?? now,
                sessionID: session.sessionID, issuedAt: now, expiresAt: now.addingTimeInterval(TimeInterval(configuration.codeLifetime))))
        var parameters = [FormEncoding.Field("code", code), FormEncoding.Field("state", authorization.state)]
        if scope != authorization.scopes { parameters.append(FormEncoding.Field("scope", scope.description)) }
        parameters.append(FormEncoding.Field("iss", issuer.url))
        var response = redirect(to: authorization.redirectURI, parameters: parameters, status: status)
        if let recorded = session.recording(clientID: authorization.clientID) { setCookie(recorded, on: &response) }
        return response
    }

    // MARK: Login

    func loginPage(
        _ interaction: Interaction, session: BrowserSession, application: ClientApplication?, text: PageText,
        error: String? = nil, username: String? = nil, status: HTTPResponse.Status = .ok
    ) -> Response {
        do {
            let username = username ?? interaction.request?.loginHint ?? ""
            var values: [String: Any] = [
                "action": Paths.login, "interaction": try sealed.seal(interaction, context: .interaction),
                "csrfToken": session.csrfToken, "username": username, "hasUsername": !username.isEmpty,
                "reauthenticate": session.subject != nil,
            ]
            values["applicationName"] = application?.name
            values["error"] = error
            return pages.render(
                "login", status: status, text: text, display: interaction.request?.display ?? .page, values: values)
        } catch {
            logger.error("Could not seal an interaction", metadata: ["error": "\(error)"])
            return pages.error(text.expiredPage, text: text, status: .internalServerError)
        }
    }

    /// `POST …/login`: checks the CSRF token, refuses a username or a client address with too many recent
    /// failures (``SignInThrottle``), verifies the
    /// password with bcrypt off the event loops, then starts a new session and sends the browser on (303).
    func signIn(_ request: Request, clientAddress: String) async -> Response {
        guard let form = await readForm(request).map(Form.init), let session = session(of: request),
            session.acceptsCSRFToken(form["csrf_token"]), let interaction = openInteraction(form["interaction"], session: session)
        else {
            let text = text(for: request, preferring: [])
            return pages.error(text.expiredPage, text: text, status: .forbidden)
        }
        let text = text(for: request, preferring: interaction.request?.uiLocales ?? [])
        let application = interaction.request.flatMap { directory.application(clientID: $0.clientID) }
        let username = form["username"] ?? ""
        let refusal: RateLimitDecision?
        do {
            refusal = try await signInThrottle.refusal(username: username, address: clientAddress)
        } catch {
            // Without its counters the throttle cannot stop a guesser: nobody signs in until they are back.
            logger.error("Sign-in refused: the throttle's counters are unreachable", metadata: ["error": "\(error)"])
            signIns.record(.unavailable, portal: interaction.portal != nil)
            var response = loginPage(
                interaction, session: session, application: application, text: text, error: text.signInUnavailable,
                username: username, status: .serviceUnavailable)
            response.headers[.retryAfter] = "1"
            return response
        }
        if let refusal {
            logger.notice("Sign-in throttled", metadata: ["address": "\(clientAddress)"])
            signIns.record(.throttled, portal: interaction.portal != nil)
            var response = loginPage(
                interaction, session: session, application: application, text: text, error: text.tooManyAttempts,
                username: username, status: .tooManyRequests)
            response.headers[.retryAfter] = String(refusal.resetAfter)
            return response
        }
        let user = try? await store.user(username: username)
        guard await PasswordCheck.verify(form["password"] ?? "", against: user?.passwordHash, tracer: tracer), let user, !user.locked else {
            do {
                try await signInThrottle.recordFailure(username: username, address: clientAddress)
            } catch {
                logger.error("Could not count a failed sign-in", metadata: ["error": "\(error)"])
            }
            logger.info("Sign-in failed", metadata: ["address": "\(clientAddress)"])
            signIns.record(.failure, portal: interaction.portal != nil)
            return loginPage(
                interaction, session: session, application: application, text: text, error: text.wrongCredentials,
                username: username)
        }
        signIns.record(.success, portal: interaction.portal != nil)
        do {
            try await signInThrottle.recordSuccess(username: username)
        } catch {
            logger.error("Could not clear the failures of a sign-in", metadata: ["error": "\(error)"])
        }
        let signedIn = BrowserSession.signedIn(
            subject: user.subject, now: clock.now(), lifetime: TimeInterval(configuration.sessionLifetime))
        var next = interaction
        next.browserID = signedIn.browserID
        let location: String
        do {
            if let portal = interaction.portal {
                location = try portalCallback(portal, subject: user.subject, authTime: signedIn.authTime ?? clock.now())
            } else if interaction.request == nil && interaction.device == nil {
                location = Paths.account
            } else {
                location = Paths.authorizeContinue + "?" + FormEncoding.encode([.init("interaction", try sealed.seal(next, context: .interaction))])
            }
        } catch {
            return pages.error(text.expiredPage, text: text, status: .internalServerError)
        }
        var response = seeOther(location)
        setCookie(signedIn, on: &response)
        return response
    }

    // MARK: Consent

    func consentPage(
        _ interaction: Interaction, session: BrowserSession, application: ClientApplication, user: EndUser, text: PageText
    ) -> Response {
        guard let asked = interaction.askedScopes, let sealedInteraction = try? sealed.seal(interaction, context: .interaction)
        else {
            return pages.error(text.expiredPage, text: text, status: .internalServerError)
        }
        let scopes: [[String: Any]] = asked.tokens.sorted(by: Self.consentOrder).map { scope in
            ["name": scope, "label": text.label(forScope: scope), "required": scope == "openid"]
        }
        var values: [String: Any] = [
            "action": interaction.device == nil ? Paths.consent : Paths.deviceConsent, "interaction": sealedInteraction,
            "csrfToken": session.csrfToken, "applicationName": application.name, "username": user.username, "scopes": scopes,
        ]
        values["deviceUserCode"] = interaction.device.map { UserCode.displayed($0.userCode) }
        return pages.render("consent", text: text, display: interaction.request?.display ?? .page, values: values)
    }

    /// `openid` first, then the platform's other scopes, then the APIs'.
    static func consentOrder(_ left: String, _ right: String) -> Bool {
        let rank = { (scope: String) in scope == "openid" ? 0 : Validation.platformScopes.contains(scope) ? 1 : 2 }
        return (rank(left), left) < (rank(right), right)
    }

    /// `POST …/consent`: `decision=deny` sends seed 003's `access_denied`; `allow` records the ticked scopes
    /// (a subset of those asked; `openid` cannot be unticked) and sends the code. Both answer 303.
    func decideConsent(_ request: Request) async -> Response {
        guard let form = await readForm(request).map(Form.init), let session = session(of: request),
            session.acceptsCSRFToken(form["csrf_token"]), let interaction = openInteraction(form["interaction"], session: session),
            let authorization = interaction.request
        else {
            let text = text(for: request, preferring: [])
            return pages.error(text.expiredPage, text: text, status: .forbidden)
        }
        let text = text(for: request, preferring: authorization.uiLocales)
        guard let application = trustedApplication(for: authorization) else { return pages.error(text.invalidClient, text: text) }
        do {
            guard let user = try await signedInUser(session) else {
                return loginPage(interaction, session: session, application: application, text: text)
            }
            let granted = Self.grantedScopes(asked: authorization.scopes, form: form)
            guard form["decision"] == "allow", !granted.isEmpty else {
                return redirect(to: authorization.redirectURI, error: .consentDenied, state: authorization.state, status: .seeOther)
            }
            let grant = try await store.saveGrant(userSubject: user.subject, applicationID: application.id, scope: granted)
            return try await issueCode(for: authorization, grant: grant, scope: granted, session: session, status: .seeOther)
        } catch {
            logger.error("Consent failed", metadata: ["client_id": "\(authorization.clientID)", "error": "\(error)"])
            return redirect(
                to: authorization.redirectURI, error: .authorizationServerError, state: authorization.state, status: .seeOther)
        }
    }

    /// The scopes a consent form allows: those asked and ticked; `openid` cannot be unticked.
    static func grantedScopes(asked: Scopes, form: Form) -> Scopes {
        Scopes(asked.tokens.intersection(Scopes(form.values("scope")).tokens.union(["openid"])))
    }

    // MARK: Shared by the pages

    /// The application of a request checked earlier, if it is still active and still has the redirect_uri: an
    /// administrator may have changed either while the user was on a page.
    func trustedApplication(for authorization: AuthorizationRequest) -> ClientApplication? {
        guard let application = directory.application(clientID: authorization.clientID), application.status == .active,
            RedirectURIMatch.registered(authorization.redirectURI, among: application.redirectURIs) != nil
        else {
            return nil
        }
        return application
    }

    /// The browser's session, when its cookie opens and has not expired.
    func session(of request: Request) -> BrowserSession? {
        sealed.openSession(request.cookies[BrowserSession.cookieName]?.value, as: BrowserSession.self, context: .session, now: clock.now())
    }

    /// The session's user, unless there is none, it was deleted or it is locked.
    func signedInUser(_ session: BrowserSession) async throws -> EndUser? {
        guard let subject = session.subject, let user = try await store.user(subject: subject), !user.locked else { return nil }
        return user
    }

    /// The interaction a form carries, if it is intact, from this browser, and not too old.
    func openInteraction(_ text: String?, session: BrowserSession) -> Interaction? {
        guard let interaction = sealed.open(text, as: Interaction.self, context: .interaction),
            interaction.browserID == session.browserID,
            clock.now().timeIntervalSince(interaction.startedAt) < TimeInterval(configuration.interactionLifetime)
        else {
            return nil
        }
        return interaction
    }

    func setCookie(_ session: BrowserSession, on response: inout Response) {
        guard let value = try? sealed.seal(session, context: .session) else { return }
        response.setCookie(
            Cookie(
                name: BrowserSession.cookieName, value: value, path: Paths.base, secure: configuration.secureCookies,
                httpOnly: true, sameSite: .lax))
    }

    /// A URL-encoded form of at most the configured size, or nil.
    func readForm(_ request: Request) async -> [FormEncoding.Field]? {
        await Form.fields(of: request, upTo: configuration.maximumBodySize)
    }

    /// The page language: `ui_locales` first, then `Accept-Language`.
    func text(for request: Request, preferring uiLocales: [String]) -> PageText {
        PageText.choose(uiLocales + PageLanguage.accepted(by: request))
    }

    /// Seed 003's error redirect: `error`, `error_description` and `state`, plus `iss` (RFC 9207).
    func redirect(to redirectURI: String, error: OAuthError, state: String?, status: HTTPResponse.Status) -> Response {
        var parameters = [FormEncoding.Field("error", error.error.rawValue)]
        if let description = error.errorDescription { parameters.append(.init("error_description", description)) }
        if let state { parameters.append(.init("state", state)) }
        parameters.append(.init("iss", issuer.url))
        return redirect(to: redirectURI, parameters: parameters, status: status)
    }

    func redirect(to redirectURI: String, parameters: [FormEncoding.Field], status: HTTPResponse.Status) -> Response {
        let separator = redirectURI.contains("?") ? "&" : "?"
        var headers = Pages.securityHeaders
        headers[.location] = redirectURI + separator + FormEncoding.encodeQuery(parameters)
        return Response(status: status, headers: headers)
    }

    func seeOther(_ location: String) -> Response {
        Pages.seeOther(location)
    }
}

