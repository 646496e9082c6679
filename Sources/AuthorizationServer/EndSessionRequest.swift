import JWTKit
import OAuthCore
import PlatformPages
import PlatformServices
import PlatformStore

/// A checked request to the end-session endpoint (OpenID Connect RP-Initiated Logout 1.0 §2, §3): which application
/// asks, and where the browser goes afterwards. A pure decision, once the `id_token_hint` (if any) was verified.
struct EndSessionRequest: Sendable {
    /// The application named by `client_id` or by the hint's `aud`.
    var application: ClientApplication?
    /// A registered `post_logout_redirect_uri`, with `state` to append; nil shows the signed-out page.
    var postLogoutRedirectURI: String?
    var state: String?
    var uiLocales: [String]

    /// Why a request gets the error page (§2: "the OP MUST NOT perform post-logout redirection" to an unverified URI).
    enum Rejection: Error, Equatable {
        /// `client_id` names no application, or another than the hint's audience.
        case unknownClient
        /// A `post_logout_redirect_uri` without an application, or not registered for it.
        case unregisteredRedirect
    }

    /// Checks `parameters` (query or form) against the verified `id_token_hint`, if one was sent, and the applications.
    static func validate(_ parameters: Form, hint: IDTokenHint?, directory: PlatformDirectory) -> Result<EndSessionRequest, Rejection> {
        func parameter(_ name: String) -> String? { parameters[name].flatMap { $0.isEmpty ? nil : $0 } }
        let clientID = parameter("client_id")
        if let clientID, let hint, !hint.aud.value.contains(clientID) { return .failure(.unknownClient) }
        let application = (clientID ?? hint?.aud.value.first).flatMap { directory.application(clientID: $0) }
        if clientID != nil, application == nil { return .failure(.unknownClient) }
        var request = EndSessionRequest(
            application: application, state: parameter("state"),
            uiLocales: parameter("ui_locales")?.split(separator: " ").map(String.init) ?? [])
        if let presented = parameter("post_logout_redirect_uri") {
            guard let application, application.status == .active,
                let registered = RedirectURIMatch.registered(presented, among: application.logout.postLogoutRedirectURIs)
            else {
                return .failure(.unregisteredRedirect)
            }
            request.postLogoutRedirectURI = registered
        }
        return .success(request)
    }
}
