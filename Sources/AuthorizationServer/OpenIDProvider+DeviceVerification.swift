import Foundation
import HTTPTypes
import Hummingbird
import Logging
import OAuthCore
import PlatformPages
import PlatformServices
import PlatformStore

/// What the login and consent pages carry when the user approves a device (RFC 8628 §3.3): the pending request
/// the user code names.
struct DeviceVerification: Codable, Sendable {
    /// The user code's letters, without the dash.
    var userCode: String
    var clientID: String
    var scope: String
}

/// The verification page of RFC 8628 §3.3 at `…/device`: the user types the user code (prefilled from
/// `verification_uri_complete`, §3.3.1), then signs in and consents on the authorize flow's own pages, with its
/// browser session and CSRF tokens; the consent page always shows, with the code, so that the user confirms which
/// device they let in (§5.4, remote phishing). Wrong codes count against the client address (§5.1).
extension OpenIDProvider {
    /// `GET …/device[?user_code=…]`.
    func verificationPage(_ request: Request) async -> Response {
        let query = (try? FormEncoding.decode(request.uri.query ?? "")) ?? []
        let typed = query.first { $0.name == "user_code" }?.value
        let existing = session(of: request)
        let session = existing ?? .anonymous(now: clock.now(), lifetime: TimeInterval(configuration.sessionLifetime))
        var response = userCodePage(session: session, text: text(for: request, preferring: []), typed: typed)
        if existing == nil { setCookie(session, on: &response) }
        return response
    }

    /// `POST …/device`: checks the CSRF token and the throttle, then finds the pending request of the code and goes on
    /// to the login or the consent page.
    func verifyUserCode(_ request: Request, clientAddress: String) async -> Response {
        let text = text(for: request, preferring: [])
        guard let form = await readForm(request).map(Form.init), let session = session(of: request),
            session.acceptsCSRFToken(form["csrf_token"])
        else {
            return pages.error(text.expiredPage, text: text, status: .forbidden)
        }
        let typed = form["user_code"]
        do {
            if let refusal = try await signInThrottle.userCodeRefusal(address: clientAddress) {
                logger.notice("User code throttled", metadata: ["address": "\(clientAddress)"])
                var response = userCodePage(session: session, text: text, typed: typed, error: text.tooManyAttempts, status: .tooManyRequests)
                response.headers[.retryAfter] = String(refusal.resetAfter)
                return response
            }
            guard let userCode = typed.flatMap(UserCode.normalized),
                let authorization = try await store.pendingDeviceAuthorization(userCode: userCode, at: clock.now()),
                let application = directory.application(id: authorization.applicationID), application.status == .active
            else {
                try await signInThrottle.recordWrongUserCode(address: clientAddress)
                logger.info("Wrong user code", metadata: ["address": "\(clientAddress)"])
                return userCodePage(session: session, text: text, typed: typed, error: text.wrongUserCode)
            }
            let device = DeviceVerification(userCode: userCode, clientID: application.clientID, scope: authorization.scope.description)
            let interaction = Interaction(request: nil, device: device, browserID: session.browserID, startedAt: clock.now())
            return await proceed(withDevice: interaction, session: session, request: request)
        } catch {
            // Without the throttle's counters nobody may guess: nobody types a code until they are back.
            logger.error("User code check failed", metadata: ["error": "\(error)"])
            var response = userCodePage(
                session: session, text: text, typed: typed, error: text.signInUnavailable, status: .serviceUnavailable)
            response.headers[.retryAfter] = "1"
            return response
        }
    }

    /// The login page until the user is signed in, then the consent page, every time.
    func proceed(withDevice interaction: Interaction, session: BrowserSession, request: Request) async -> Response {
        let text = text(for: request, preferring: [])
        guard let device = interaction.device, let application = activeApplication(device) else {
            return pages.error(text.invalidClient, text: text)
        }
        do {
            guard let user = try await signedInUser(session) else {
                return loginPage(interaction, session: session, application: application, text: text)
            }
            return consentPage(interaction, session: session, application: application, user: user, text: text)
        } catch {
            logger.error("Device verification failed", metadata: ["client_id": "\(device.clientID)", "error": "\(error)"])
            return pages.error(text.expiredPage, text: text, status: .internalServerError)
        }
    }

    /// `POST …/device/consent`: `allow` saves the consent to the ticked scopes and approves the request, `deny`
    /// denies it (the device then gets `access_denied`, RFC 8628 §3.5); either way the page tells the user what the
    /// device will do.
    func decideDeviceConsent(_ request: Request) async -> Response {
        let text = text(for: request, preferring: [])
        guard let form = await readForm(request).map(Form.init), let session = session(of: request),
            session.acceptsCSRFToken(form["csrf_token"]), let interaction = openInteraction(form["interaction"], session: session),
            let device = interaction.device
        else {
            return pages.error(text.expiredPage, text: text, status: .forbidden)
        }
        guard let application = activeApplication(device) else { return pages.error(text.invalidClient, text: text) }
        do {
            guard let user = try await signedInUser(session) else {
                return loginPage(interaction, session: session, application: application, text: text)
            }
            let now = clock.now()
            let granted = Self.grantedScopes(asked: Scopes(parsing: device.scope), form: form)
            var approval: DeviceApproval?
            if form["decision"] == "allow", !granted.isEmpty {
                let grant = try await store.saveGrant(userSubject: user.subject, applicationID: application.id, scope: granted)
                approval = DeviceApproval(
                    userSubject: user.subject, grantID: grant.id, grantGeneration: grant.generation, scope: granted, authTime: session.authTime ?? now,
                    sessionID: session.sessionID)
            }
            guard try await store.decideDeviceAuthorization(userCode: device.userCode, approval: approval, at: now) else {
                return pages.error(text.userCodeUsed, text: text)
            }
            var response = pages.render(
                "deviceDecided", text: text,
                values: [
                    "title": approval == nil ? text.deviceDeniedTitle : text.deviceApprovedTitle,
                    "message": approval == nil ? text.deviceDenied : text.deviceApproved, "applicationName": application.name,
                ])
            // The application is told by back-channel when this session ends, as for a code (issue 16, item 1).
            if approval != nil, let recorded = session.recording(clientID: application.clientID) { setCookie(recorded, on: &response) }
            return response
        } catch {
            logger.error("Device consent failed", metadata: ["client_id": "\(device.clientID)", "error": "\(error)"])
            return pages.error(text.expiredPage, text: text, status: .internalServerError)
        }
    }

    /// The form that asks for the user code, prefilled with what was typed when it reads as a code.
    private func userCodePage(
        session: BrowserSession, text: PageText, typed: String?, error: String? = nil, status: HTTPResponse.Status = .ok
    ) -> Response {
        var values: [String: Any] = [
            "action": Paths.device, "csrfToken": session.csrfToken,
            "userCode": typed.flatMap(UserCode.normalized).map(UserCode.displayed) ?? "",
        ]
        values["error"] = error
        return pages.render("userCode", status: status, text: text, values: values)
    }

    /// The application that asked, if it is still active: an administrator may have suspended it meanwhile.
    private func activeApplication(_ device: DeviceVerification) -> ClientApplication? {
        guard let application = directory.application(clientID: device.clientID), application.status == .active else { return nil }
        return application
    }
}
