/// The HTML of the login, consent, account and error pages (issue 5, "Login and consent pages"), rendered with
/// swift-mustache, which escapes every `{{value}}`. One layout; `display` (seed 003) picks its class.
enum PageTemplates {
    static let all: [String: String] = [
        "layout": layout, "login": login, "consent": consent, "account": account, "error": error,
    ]

    static let layout = """
        <!DOCTYPE html>
        <html lang="{{text.language}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer">
        <title>{{$title}}Orangerie{{/title}}</title>
        <style nonce="{{styleNonce}}">
        :root { color-scheme: light; --accent: #ff7900; --ink: #1a1a1a; --muted: #595959; --line: #d6d6d6; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
          color: var(--ink); background: #f4f4f4; }
        main { max-width: 26rem; margin: 3rem auto; background: #fff; padding: 2rem; border-top: 6px solid var(--accent);
          box-shadow: 0 1px 4px rgba(0,0,0,.12); }
        h1 { font-size: 1.4rem; margin: 0 0 1rem; }
        p { margin: 0 0 1rem; }
        .muted { color: var(--muted); font-size: .9rem; }
        label { display: block; font-weight: 600; margin: 1rem 0 .25rem; }
        input[type=text], input[type=password] { width: 100%; padding: .6rem; font: inherit; border: 1px solid #8f8f8f; }
        input:focus, button:focus { outline: 3px solid #527edb; outline-offset: 1px; }
        .error { background: #fbe9e9; border-left: 4px solid #cd3c14; padding: .6rem .8rem; margin: 0 0 1rem; }
        ul.scopes { list-style: none; padding: 0; margin: 0 0 1rem; }
        ul.scopes li { padding: .5rem 0; border-bottom: 1px solid var(--line); }
        ul.scopes label { display: inline; font-weight: normal; margin: 0; }
        .actions { display: flex; gap: .75rem; margin-top: 1.5rem; flex-wrap: wrap; }
        button { font: inherit; font-weight: 600; padding: .6rem 1.2rem; border: 2px solid var(--ink); background: #fff;
          cursor: pointer; }
        button.primary { background: var(--accent); border-color: var(--accent); color: #000; }
        table { width: 100%; border-collapse: collapse; margin-bottom: 1rem; }
        td { padding: .5rem .25rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        body.popup main { margin: 0; max-width: 450px; min-height: 500px; box-shadow: none; }
        body.touch { font-size: 18px; }
        body.touch input[type=text], body.touch input[type=password], body.touch button { padding: .9rem; width: 100%; }
        body.touch main { margin: 1rem auto; }
        body.wap main { margin: 0; padding: .5rem; max-width: none; box-shadow: none; border-top-width: 3px; }
        body.wap h1 { font-size: 1.1rem; }
        </style>
        </head>
        <body class="{{display}}">
        <main>
        {{$content}}{{/content}}
        </main>
        </body>
        </html>
        """

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
