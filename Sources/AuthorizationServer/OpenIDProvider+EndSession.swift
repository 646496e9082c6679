import Foundation
import Hummingbird
import Logging
import JWTKit
import OAuthCore
import PlatformPages
import PlatformServices
import PlatformStore

/// The end-session endpoint, `GET`/`POST …/end-session` (OpenID Connect RP-Initiated Logout 1.0), and the end of a
/// browser session it shares with the account page's sign-out: the session cookie is replaced by an anonymous one,
/// so that `/authorize` asks to sign in again, and the applications that got a code in the session are told by
/// back-channel (``BackChannelLogout``).
extension OpenIDProvider {
    func endSession(_ request: Request) async -> Response {
        let fields: Form
        if request.method == .post {
            guard let form = await readForm(request) else { return pages.error(PageText.english.expiredPage, text: .english) }
            fields = Form(form)
        } else {
            fields = Form((try? FormEncoding.decode(request.uri.query ?? "")) ?? [])
        }
        var text = text(for: request, preferring: fields["ui_locales"]?.split(separator: " ").map(String.init) ?? [])
        var hint: IDTokenHint?
        if let token = fields["id_token_hint"], !token.isEmpty {
            // §2: "the OP MUST validate that it was the issuer of the ID Token".
            guard let verified = try? await keyRing.verify(token, as: IDTokenHint.self), verified.iss.value == issuer.url else {
                logger.info("End-session request refused: an id_token_hint the platform did not issue")
                return pages.error(text.invalidSignOut, text: text)
            }
            hint = verified
        }
        let checked: EndSessionRequest
        switch EndSessionRequest.validate(fields, hint: hint, directory: directory) {
        case .failure(let rejection):
            logger.info("End-session request refused with the error page", metadata: ["reason": "\(rejection)"])
            return pages.error(text.invalidSignOut, text: text)
        case .success(let valid): checked = valid
        }
        text = self.text(for: request, preferring: checked.uiLocales)
        let session = session(of: request)
        if let session, session.subject != nil {
            // §2: the user confirms unless the hint names them; a confirmation carries this browser's CSRF token.
            let confirmed = request.method == .post && session.acceptsCSRFToken(fields["csrf_token"])
            guard confirmed || (hint.map { $0.sub.value == session.subject } ?? false) else {
                return confirmationPage(checked, session: session, text: text)
            }
        }
        var response: Response
        if let redirectURI = checked.postLogoutRedirectURI {
            response = redirect(to: redirectURI, parameters: checked.state.map { [FormEncoding.Field("state", $0)] } ?? [], status: .found)
        } else {
            response = pages.render("signedOut", text: text)
        }
        if let session { end(session, on: &response) }
        return response
    }

    /// Ends `session` if signed in: tells the applications that got a code in it, and replaces its cookie on
    /// `response` with an anonymous one.
    func end(_ session: BrowserSession, on response: inout Response) {
        guard let subject = session.subject else { return }
        backChannel.tell(.init(subject: subject, sessionID: session.sessionID, clientIDs: session.clientIDs ?? []))
        setCookie(.anonymous(now: clock.now(), lifetime: TimeInterval(configuration.sessionLifetime)), on: &response)
        logger.info("Browser session ended", metadata: ["applications": "\(session.clientIDs?.count ?? 0)"])
    }

    /// Asks the signed-in user whether to sign out; the form posts the checked parameters back with the CSRF token.
    private func confirmationPage(_ checked: EndSessionRequest, session: BrowserSession, text: PageText) -> Response {
        var fields = [FormEncoding.Field]()
        if let application = checked.application { fields.append(.init("client_id", application.clientID)) }
        if let uri = checked.postLogoutRedirectURI { fields.append(.init("post_logout_redirect_uri", uri)) }
        if let state = checked.state { fields.append(.init("state", state)) }
        if !checked.uiLocales.isEmpty { fields.append(.init("ui_locales", checked.uiLocales.joined(separator: " "))) }
        var values: [String: Any] = [
            "action": Paths.endSession, "csrfToken": session.csrfToken,
            "fields": fields.map { ["name": $0.name, "value": $0.value] },
        ]
        values["applicationName"] = checked.application?.name
        return pages.render("confirmSignOut", text: text, values: values)
    }
}
