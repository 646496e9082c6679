import Foundation
import OAuthCore
import PlatformServices
import PlatformStore

/// A checked authorization request (seed 003, "Step 1"; RFC 6749 §4.1.1; OpenID Connect Core §3.1.2.1;
/// RFC 7636 §4.3). It travels, sealed, through the login and consent pages.
struct AuthorizationRequest: Codable, Hashable, Sendable {
    var clientID: String
    var redirectURI: String
    var scope: String
    var state: String
    var prompt: Set<Prompt>
    var display: Display
    var nonce: String?
    var uiLocales: [String]
    var loginHint: String?
    var acrValues: [String]
    /// Seconds since the last sign-in beyond which the user must sign in again (OpenID Connect Core §3.1.2.1).
    var maxAge: Int?
    /// S256 only (RFC 9700 §2.1.1).
    var codeChallenge: String?

    var scopes: Scopes { Scopes(parsing: scope) }

    /// Seed 003's `prompt` values; `none` stands alone.
    enum Prompt: String, Codable, Hashable, Sendable {
        case none, login, consent
    }

    /// Seed 003's `display` values; `page` when absent.
    enum Display: String, Codable, Hashable, Sendable, CaseIterable {
        case page, popup, touch, wap
    }

    /// Why a request is refused, and how: seed 003 shows an error page when the client or the redirect_uri
    /// cannot be trusted, and redirects to the redirect_uri in every other case.
    enum Rejection: Error, Sendable {
        case errorPage(reason: String)
        case redirect(OAuthError, redirectURI: String, state: String?)
    }

    /// Checks the parameters in the order that decides where an error may go: the client and its redirect_uri
    /// first (never redirect to an unverified URI, RFC 6749 §4.1.2.1), then everything else.
    static func validate(
        _ fields: [FormEncoding.Field], directory: PlatformDirectory
    ) -> Result<AuthorizationRequest, Rejection> {
        var values: [String: String] = [:]
        var repeated: Set<String> = []
        for field in fields where values.updateValue(field.value, forKey: field.name) != nil {
            repeated.insert(field.name)
        }
        guard let clientID = values["client_id"], !repeated.contains("client_id") else {
            return .failure(.errorPage(reason: "missing or repeated client_id"))
        }
        guard let application = directory.application(clientID: clientID), application.status == .active else {
            return .failure(.errorPage(reason: "unknown or suspended client"))
        }
        guard let presented = values["redirect_uri"], !repeated.contains("redirect_uri"),
            let redirectURI = RedirectURIMatch.registered(presented, among: application.redirectURIs)
        else {
            return .failure(.errorPage(reason: "redirect_uri not registered"))
        }
        let state = repeated.contains("state") ? nil : values["state"]
        func refuse(_ error: OAuthError) -> Result<AuthorizationRequest, Rejection> {
            .failure(.redirect(error, redirectURI: redirectURI, state: state))
        }
        guard repeated.isEmpty else { return refuse(.authorizationSyntaxError) }
        for name in ["response_type", "scope", "state"] where values[name]?.isEmpty ?? true {
            return refuse(OAuthError(.invalidRequest, "missing \(name) parameter"))
        }
        guard values["response_type"] == "code" else { return refuse(.unsupportedResponseType) }
        guard let scopes = validScopes(values["scope", default: ""], for: application, directory: directory) else {
            return refuse(.scopeNotUnderstood)
        }
        guard let prompt = parsePrompt(values["prompt"]) else { return refuse(.invalidPrompt) }
        guard let display = Display(rawValue: values["display"] ?? "page") else {
            return refuse(OAuthError(.invalidRequest, "invalid display value"))
        }
        var maxAge: Int?
        if let text = values["max_age"] {
            guard let seconds = Int(text), seconds >= 0 else { return refuse(OAuthError(.invalidRequest, "invalid max_age value")) }
            maxAge = seconds
        }
        let challenge = values["code_challenge"]
        switch (challenge, values["code_challenge_method"]) {
        case (nil, nil):
            break
        case (let challenge?, "S256"):
            guard PKCE.isValidChallenge(challenge) else { return refuse(OAuthError(.invalidRequest, "invalid code_challenge")) }
        case (nil, _?):
            return refuse(OAuthError(.invalidRequest, "missing code_challenge parameter"))
        case (_?, _):
            return refuse(OAuthError(.invalidRequest, "code_challenge_method must be S256"))
        }
        for name in ["state", "nonce", "login_hint"] where (values[name]?.utf8.count ?? 0) > 1024 {
            return refuse(OAuthError(.invalidRequest, "\(name) is too long"))
        }
        return .success(
            AuthorizationRequest(
                clientID: clientID, redirectURI: redirectURI, scope: scopes.description, state: values["state"]!,
                prompt: prompt, display: display, nonce: values["nonce"].flatMap { $0.isEmpty ? nil : $0 },
                uiLocales: words(values["ui_locales"]), loginHint: values["login_hint"].flatMap { $0.isEmpty ? nil : $0 },
                acrValues: words(values["acr_values"]), maxAge: maxAge, codeChallenge: challenge))
    }

    /// The scopes of a `scope` parameter when there are some and the application may ask for each of them, else nil.
    static func validScopes(_ value: String, for application: ClientApplication, directory: PlatformDirectory) -> Scopes? {
        let scopes = Scopes(parsing: value)
        guard !scopes.isEmpty, scopes.tokens.isSubset(of: allowedScopes(for: application, directory: directory)) else { return nil }
        return scopes
    }

    /// Issue 5: the platform's own scopes (OpenID Connect's, and issue 12's `portal`) and those of the (not retired)
    /// APIs the application is subscribed to.
    static func allowedScopes(for application: ClientApplication, directory: PlatformDirectory) -> Set<String> {
        var allowed = Validation.platformScopes
        for name in application.subscriptions {
            if let api = directory.api(named: name), api.status != .retired { allowed.formUnion(api.scopes) }
        }
        return allowed
    }

    /// Space-separated values of seed 003's `prompt`; `none` with another value is refused (OpenID Connect
    /// Core §3.1.2.1). Returns nil for an invalid value.
    static func parsePrompt(_ value: String?) -> Set<Prompt>? {
        var prompts: Set<Prompt> = []
        for word in value?.split(separator: " ") ?? [] {
            guard let prompt = Prompt(rawValue: String(word)) else { return nil }
            prompts.insert(prompt)
        }
        return prompts.contains(.none) && prompts.count > 1 ? nil : prompts
    }

    private static func words(_ value: String?) -> [String] {
        value?.split(separator: " ").map(String.init) ?? []
    }
}

/// Seed 003: "you can only use the value specified during the registration process for the redirect_uri
/// parameter" — an exact string comparison, with the one exception of RFC 8252 §7.3: for a registered
/// loopback IP literal (`http://127.0.0.1/…`, `http://[::1]/…`), any port is accepted.
package enum RedirectURIMatch {
    private static let loopbackOrigins = ["http://127.0.0.1", "http://[::1]"]

    /// The presented URI when it matches one registered, else nil.
    package static func registered(_ presented: String, among registered: [String]) -> String? {
        // Bytes, not Swift's `==`, which takes "\u{212A}" (Kelvin sign) for "K": the value registered, exactly.
        if registered.contains(where: { $0.utf8.elementsEqual(presented.utf8) }) { return presented }
        for origin in loopbackOrigins where presented.hasPrefix(origin + ":") {
            let afterColon = presented.dropFirst(origin.count + 1)
            let port = afterColon.prefix { $0.isASCII && $0.isNumber }
            guard let number = Int(port), (1...65535).contains(number), port.first != "0" else { return nil }
            let rest = afterColon.dropFirst(port.count)
            guard rest.hasPrefix("/"), registered.contains(where: { $0.utf8.elementsEqual((origin + rest).utf8) }) else { return nil }
            return presented
        }
        return nil
    }
}
