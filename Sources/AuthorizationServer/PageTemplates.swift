/// The HTML of the login, consent, account, sign-out and error pages (issue 5, "Login and consent pages"), rendered with
/// swift-mustache, which escapes every `{{value}}`, in the platform's layout (`PageLayout`); `display` (seed 003) picks
/// its class.
enum PageTemplates {
    static let all: [String: String] = [
        "login": login, "consent": consent, "account": account, "error": error, "confirmSignOut": confirmSignOut,
        "signedOut": signedOut, "userCode": userCode, "deviceDecided": deviceDecided,
    ]

    static let login = """
        {{<layout}}
        {{$title}}{{text.signInTitle}}{{/title}}
        {{$content}}
        <h1>{{text.signInTitle}}</h1>
        {{#applicationName}}<p>{{text.signInFor}} <strong>{{applicationName}}</strong></p>{{/applicationName}}
        {{#reauthenticate}}<p class="muted">{{text.reauthenticate}}</p>{{/reauthenticate}}
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <form method="post" action="{{action}}">
        <input type="hidden" name="interaction" value="{{interaction}}">
        <input type="hidden" name="csrf_token" value="{{csrfToken}}">
        <label for="username">{{text.username}}</label>
        <input type="text" id="username" name="username" value="{{username}}" autocomplete="username" autocapitalize="none" spellcheck="false" required{{^hasUsername}} autofocus{{/hasUsername}}>
        <label for="password">{{text.password}}</label>
        <input type="password" id="password" name="password" autocomplete="current-password" required{{#hasUsername}} autofocus{{/hasUsername}}>
        <div class="actions"><button type="submit" class="primary">{{text.signIn}}</button></div>
        </form>
        {{/content}}
        {{/layout}}
        """

    static let consent = """
        {{<layout}}
        {{$title}}{{text.consentTitle}}{{/title}}
        {{$content}}
        <h1>{{text.consentTitle}}</h1>
        <p><strong>{{applicationName}}</strong> {{text.consentAsks}}</p>
        {{#deviceUserCode}}<p>{{text.deviceShows}} <strong>{{deviceUserCode}}</strong></p>{{/deviceUserCode}}
        <form method="post" action="{{action}}">
        <input type="hidden" name="interaction" value="{{interaction}}">
        <input type="hidden" name="csrf_token" value="{{csrfToken}}">
        <ul class="scopes">
        {{#scopes}}
        <li>{{#required}}<input type="hidden" name="scope" value="{{name}}">✓ {{label}}{{/required}}{{^required}}<input type="checkbox" id="scope-{{name}}" name="scope" value="{{name}}" checked> <label for="scope-{{name}}">{{label}}</label>{{/required}}</li>
        {{/scopes}}
        </ul>
        <p class="muted">{{text.signedInAs}} {{username}}. {{text.revokeLater}}</p>
        <div class="actions">
        <button type="submit" name="decision" value="allow" class="primary">{{text.allow}}</button>
        <button type="submit" name="decision" value="deny">{{text.deny}}</button>
        </div>
        </form>
        {{/content}}
        {{/layout}}
        """

    static let account = """
        {{<layout}}
        {{$title}}{{text.accountTitle}}{{/title}}
        {{$content}}
        <h1>{{text.accountTitle}}</h1>
        <p>{{text.signedInAs}} <strong>{{username}}</strong>.</p>
        {{#hasGrants}}
        <table>
        {{#grants}}
        <tr><td><strong>{{applicationName}}</strong><br><span class="muted">{{scopes}}</span></td>
        <td><form method="post" action="{{revokeAction}}">
        <input type="hidden" name="csrf_token" value="{{csrfToken}}">
        <input type="hidden" name="client_id" value="{{clientID}}">
        <button type="submit">{{text.revoke}}</button></form></td></tr>
        {{/grants}}
        </table>
        {{/hasGrants}}
        {{^hasGrants}}<p class="muted">{{text.noGrants}}</p>{{/hasGrants}}
        <form method="post" action="{{logoutAction}}">
        <input type="hidden" name="csrf_token" value="{{csrfToken}}">
        <div class="actions"><button type="submit">{{text.signOut}}</button></div>
        </form>
        {{/content}}
        {{/layout}}
        """

    /// RP-Initiated Logout 1.0 §2: asked when the request does not show that the signed-in user is the one the
    /// application signs out (no `id_token_hint`, or another user's); the form carries this browser's CSRF token.
    static let confirmSignOut = """
        {{<layout}}
        {{$title}}{{text.confirmSignOutTitle}}{{/title}}
        {{$content}}
        <h1>{{text.confirmSignOutTitle}}</h1>
        <p>{{text.confirmSignOut}}</p>
        {{#applicationName}}<p class="muted">{{text.signOutAsked}} <strong>{{applicationName}}</strong></p>{{/applicationName}}
        <form method="post" action="{{action}}">
        <input type="hidden" name="csrf_token" value="{{csrfToken}}">
        {{#fields}}<input type="hidden" name="{{name}}" value="{{value}}">
        {{/fields}}
        <div class="actions"><button type="submit" class="primary">{{text.signOut}}</button></div>
        </form>
        {{/content}}
        {{/layout}}
        """

    /// RP-Initiated Logout 1.0 §3: where a sign-out ends without a registered place to return to.
    static let signedOut = """
        {{<layout}}
        {{$title}}{{text.signedOutTitle}}{{/title}}
        {{$content}}
        <h1>{{text.signedOutTitle}}</h1>
        <p>{{text.signedOut}}</p>
        {{/content}}
        {{/layout}}
        """

    /// RFC 8628 §3.3: where the user types the code their device shows (prefilled from `verification_uri_complete`).
    static let userCode = """
        {{<layout}}
        {{$title}}{{text.userCodeTitle}}{{/title}}
        {{$content}}
        <h1>{{text.userCodeTitle}}</h1>
        <p>{{text.userCodeAsk}}</p>
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <form method="post" action="{{action}}">
        <input type="hidden" name="csrf_token" value="{{csrfToken}}">
        <label for="user_code">{{text.userCode}}</label>
        <input type="text" id="user_code" name="user_code" value="{{userCode}}" autocomplete="one-time-code" autocapitalize="characters" spellcheck="false" required autofocus>
        <div class="actions"><button type="submit" class="primary">{{text.continueLabel}}</button></div>
        </form>
        {{/content}}
        {{/layout}}
        """

    /// After the user allowed or refused a device.
    static let deviceDecided = """
        {{<layout}}
        {{$title}}{{title}}{{/title}}
        {{$content}}
        <h1>{{title}}</h1>
        <p><strong>{{applicationName}}</strong></p>
        <p>{{message}}</p>
        {{/content}}
        {{/layout}}
        """

    static let error = """
        {{<layout}}
        {{$title}}{{text.errorTitle}}{{/title}}
        {{$content}}
        <h1>{{text.errorTitle}}</h1>
        <p>{{message}}</p>
        <p class="muted">{{text.errorAdvice}}</p>
        {{/content}}
        {{/layout}}
        """
}
