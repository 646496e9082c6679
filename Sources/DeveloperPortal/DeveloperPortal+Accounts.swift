import Foundation
import HTTPTypes
import Hummingbird
import Logging
import OAuthCore
import PlatformPages
import PlatformServices
import PlatformStore

/// Sign-up, e-mail verification and password reset (issue 12, item 1). The answers never say whether an address is
/// registered: a sign-up for a taken address, or a reset for an unknown one, gets the same page as any other, and a
/// taken address's owner an e-mail saying so. Each request that sends an e-mail passes ``PortalThrottle`` first.
extension DeveloperPortal {
    /// A page with a form for someone who may not be signed in: the browser gets a session (anonymous if need be) so
    /// that the form carries a CSRF token bound to it. `token` is the link's, from the query.
    func formPage(
        _ template: String, _ request: Request, status: HTTPResponse.Status = .ok, values: [String: Any] = [:]
    ) -> Response {
        let existing = session(of: request)
        let session =
            existing
            ?? PortalSession(
                subject: "", authTime: .distantPast, browserID: RandomString.base64URL(byteCount: 32),
                expiresAt: clock.now().addingTimeInterval(3600))
        var values = values
        values["csrfToken"] = session.csrfToken
        values["termsVersion"] = configuration.termsVersion
        values["token"] = values["token"] ?? request.uri.queryParameters["token"].map(String.init) ?? ""
        var response = render(template, request, status: status, session: session, values: values)
        if existing == nil, let value = try? sealed.seal(session, context: .portalSession) {
            response.setCookie(cookie(PortalSession.cookieName, value: value))
        }
        return response
    }

    /// `POST /portal/signup`: creates the developer and mails the verification link.
    func signUp(_ request: Request, clientAddress: String?) async -> Response {
        let text = text(for: request)
        guard let form = await checkedForm(request, session: session(of: request)) else {
            return errorPage(request, status: .forbidden, message: \.expiredPage)
        }
        let retry: [String: Any] = ["email": form["email"] ?? "", "name": form["name"] ?? ""]
        guard form["terms"] == "accepted" else {
            return formPage("signup", request, status: .badRequest, values: retry.merging(["error": text.acceptTerms]) { $1 })
        }
        let email = (try? Validation.email(form["email"] ?? "")) ?? ""
        if let refused = await throttled(request, email: email, address: clientAddress) { return refused }
        do {
            let (developer, token) = try await accounts.signUp(
                email: email, name: form["name"] ?? "", password: form["password"] ?? "", termsVersion: configuration.termsVersion)
            try await sendMail(
                to: developer.email, subject: text.verifyMailSubject, body: text.verifyMailBody(link: link(Paths.verify, token: token)))
            logger.info("Developer signed up")
        } catch let invalid as InvalidInput {
            return formPage("signup", request, status: .badRequest, values: retry.merging(["error": invalid.description]) { $1 })
        } catch StoreError.conflict {
            // The same answer as a success; the address's owner learns of the attempt by e-mail.
            try? await sendMail(to: email, subject: text.takenMailSubject, body: text.takenMailBody(signIn: publicURL() + Paths.signIn))
        } catch {
            return failure(request, error, doing: "Could not sign a developer up")
        }
        return Pages.seeOther(Paths.signUpSent)
    }

    /// `GET /portal/verify?token=…`: a button that posts the token. Following the link changes nothing, since mail
    /// scanners follow links too.
    func verifyPage(_ request: Request) -> Response {
        formPage("verify", request)
    }

    /// `POST /portal/verify`: consumes the link; the developer may now create applications.
    func verify(_ request: Request) async -> Response {
        guard let form = await checkedForm(request, session: session(of: request)) else {
            return errorPage(request, status: .forbidden, message: \.expiredPage)
        }
        do {
            guard try await accounts.verifyEmail(token: form["token"] ?? "") != nil else {
                return errorPage(request, status: .badRequest, message: \.linkExpired)
            }
            logger.info("Developer e-mail verified")
            return Pages.seeOther(Paths.applications)
        } catch {
            return failure(request, error, doing: "Could not verify an e-mail address")
        }
    }

    /// `POST /portal/verify/resend`: a new verification link for the signed-in developer who lost the first.
    func resendVerification(_ request: Request, clientAddress: String?) async -> Response {
        let session = session(of: request)
        guard await checkedForm(request, session: session) != nil, let session, session.isSignedIn else {
            return errorPage(request, status: .forbidden, message: \.expiredPage)
        }
        do {
            guard let developer = try await developer(of: session) else {
                return errorPage(request, status: .forbidden, message: \.notADeveloper)
            }
            if developer.emailVerifiedAt == nil {
                if let refused = await throttled(request, email: developer.email, address: clientAddress) { return refused }
                let text = text(for: request)
                let token = try await accounts.issueLink(.emailVerification, subject: developer.subject)
                try await sendMail(
                    to: developer.email, subject: text.verifyMailSubject, body: text.verifyMailBody(link: link(Paths.verify, token: token)))
            }
            return Pages.seeOther(Paths.signUpSent)
        } catch {
            return failure(request, error, doing: "Could not send a verification link")
        }
    }

    /// `POST /portal/reset` with `email`: mails a reset link when the address is a developer's; the same answer
    /// either way.
    func requestReset(_ request: Request, clientAddress: String?) async -> Response {
        guard let form = await checkedForm(request, session: session(of: request)) else {
            return errorPage(request, status: .forbidden, message: \.expiredPage)
        }
        guard let email = try? Validation.email(form["email"] ?? "") else { return Pages.seeOther(Paths.resetSent) }
        if let refused = await throttled(request, email: email, address: clientAddress) { return refused }
        do {
            if let developer = try await store.developer(email: email) {
                let text = text(for: request)
                let token = try await accounts.issueLink(.passwordReset, subject: developer.subject)
                try await sendMail(
                    to: developer.email, subject: text.resetMailSubject, body: text.resetMailBody(link: link(Paths.newPassword, token: token)))
                logger.info("Password reset link sent")
            }
            return Pages.seeOther(Paths.resetSent)
        } catch {
            return failure(request, error, doing: "Could not send a reset link")
        }
    }

    /// `POST /portal/reset/new` with the link's `token` and `password`: the new password, then the sign-in.
    func setNewPassword(_ request: Request) async -> Response {
        guard let form = await checkedForm(request, session: session(of: request)) else {
            return errorPage(request, status: .forbidden, message: \.expiredPage)
        }
        do {
            guard try await accounts.resetPassword(token: form["token"] ?? "", newPassword: form["password"] ?? "") != nil else {
                return errorPage(request, status: .badRequest, message: \.linkExpired)
            }
            logger.info("Password reset")
            return Pages.seeOther(Paths.signIn)
        } catch let invalid as InvalidInput {
            return formPage("new-password", request, status: .badRequest, values: ["error": invalid.description, "token": form["token"] ?? ""])
        } catch {
            return failure(request, error, doing: "Could not reset a password")
        }
    }

    /// The answer when ``PortalThrottle`` refuses (429 with `Retry-After`) or cannot count (503), else nil.
    private func throttled(_ request: Request, email: String?, address: String?) async -> Response? {
        do {
            guard let refusal = try await throttle.refusal(email: email?.isEmpty == false ? email : nil, address: address) else {
                return nil
            }
            logger.notice("Portal e-mail request throttled")
            var response = errorPage(request, status: .tooManyRequests, message: \.tooManyRequests)
            response.headers[.retryAfter] = String(refusal.resetAfter)
            return response
        } catch {
            logger.error("Portal throttle's counters are unreachable", metadata: ["error": "\(error)"])
            var response = errorPage(request, status: .serviceUnavailable, message: \.unexpected)
            response.headers[.retryAfter] = "1"
            return response
        }
    }

    /// The portal's URL of `path` with a link token.
    func link(_ path: String, token: String) -> String {
        publicURL() + path + "?" + FormEncoding.encode([.init("token", token)])
    }
}
