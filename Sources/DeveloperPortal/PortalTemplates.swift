/// The portal's pages (issue 12, item 5), in the platform's layout (`PageLayout`), rendered with swift-mustache, which
/// escapes every `{{value}}`. Every form carries the session's CSRF token and is answered 303; the only script is the
/// copy buttons', under the page's nonce.
enum PortalTemplates {
    static let all: [String: String] = [
        "home": home, "signup": signUp, "sent": sent, "verify": verify, "applications": applications,
        "application": application, "error": error, "reset": reset, "new-password": newPassword,
    ]

    static let navigation = """
        {{$navigation}}
        <nav class="portal" aria-label="{{text.portalTitle}}">
        <a class="brand" href="{{paths.home}}">{{text.portalTitle}}</a>
        {{#signedIn}}<a href="{{paths.applications}}">{{text.myApps}}</a>
        <form method="post" action="{{paths.signOut}}"><input type="hidden" name="csrf_token" value="{{csrfToken}}"><button type="submit">{{text.signOut}}</button></form>{{/signedIn}}
        {{^signedIn}}<a href="{{paths.signIn}}">{{text.signIn}}</a> <a href="{{paths.signUp}}">{{text.signUp}}</a>{{/signedIn}}
        </nav>
        {{/navigation}}
        """

    static let home = """
        {{<layout}}
        {{$title}}{{text.portalTitle}}{{/title}}
        \(navigation)
        {{$content}}
        <h1>{{text.portalTitle}}</h1>
        <p>{{text.welcome}}</p>
        <div class="actions"><a href="{{paths.signUp}}">{{text.signUp}}</a> <a href="{{paths.signIn}}">{{text.signIn}}</a></div>
        {{/content}}
        {{/layout}}
        """

    static let signUp = """
        {{<layout}}
        {{$title}}{{text.signUpTitle}}{{/title}}
        \(navigation)
        {{$content}}
        <h1>{{text.signUpTitle}}</h1>
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <form method="post" action="{{paths.signUp}}">
        <input type="hidden" name="csrf_token" value="{{csrfToken}}">
        <label for="email">{{text.email}}</label>
        <input type="email" id="email" name="email" value="{{email}}" autocomplete="email" required>
        <label for="name">{{text.name}}</label>
        <input type="text" id="name" name="name" value="{{name}}" autocomplete="name" required>
        <label for="password">{{text.password}}</label>
        <input type="password" id="password" name="password" autocomplete="new-password" minlength="8" required aria-describedby="password-hint">
        <p class="muted" id="password-hint">{{text.passwordHint}}</p>
        <p><input type="checkbox" id="terms" name="terms" value="accepted" required> <label for="terms" class="inline">{{text.acceptTheTerms}} (v{{termsVersion}})</label></p>
        <div class="actions"><button type="submit" class="primary">{{text.createAccount}}</button></div>
        </form>
        <p><a href="{{paths.reset}}">{{text.forgotPassword}}</a></p>
        {{/content}}
        {{/layout}}
        """

    static let sent = """
        {{<layout}}
        {{$title}}{{text.sentTitle}}{{/title}}
        \(navigation)
        {{$content}}
        <h1>{{text.sentTitle}}</h1>
        <p>{{text.sentBody}}</p>
        {{/content}}
        {{/layout}}
        """

    static let verify = """
        {{<layout}}
        {{$title}}{{text.verifyTitle}}{{/title}}
        \(navigation)
        {{$content}}
        <h1>{{text.verifyTitle}}</h1>
        <p>{{text.verifyBody}}</p>
        <form method="post" action="{{paths.verify}}">
        <input type="hidden" name="csrf_token" value="{{csrfToken}}">
        <input type="hidden" name="token" value="{{token}}">
        <div class="actions"><button type="submit" class="primary">{{text.verifyButton}}</button></div>
        </form>
        {{/content}}
        {{/layout}}
        """

    static let applications = """
        {{<layout}}
        {{$title}}{{text.myApps}}{{/title}}
        \(navigation)
        {{$content}}
        <h1>{{text.myApps}}</h1>
        <p class="muted">{{developerName}} · {{email}}</p>
        {{#hasApplications}}
        <div class="table-scroll"><table>
        <tr><th scope="col">{{text.applicationName}}</th><th scope="col">{{text.clientID}}</th><th scope="col">{{text.status}}</th></tr>
        {{#applications}}<tr><td><a href="{{link}}">{{name}}</a></td><td><code>{{clientID}}</code></td><td><span class="status">{{status}}</span></td></tr>{{/applications}}
        </table></div>
        {{/hasApplications}}
        {{^hasApplications}}<p class="muted">{{text.noApplications}}</p>{{/hasApplications}}
        <h2>{{text.newApplication}}</h2>
        {{^verified}}<p class="notice">{{text.verifyFirst}}</p>
        <form method="post" action="{{paths.resendVerification}}">
        <input type="hidden" name="csrf_token" value="{{csrfToken}}">
        <div class="actions"><button type="submit">{{text.resendVerification}}</button></div>
        </form>{{/verified}}
        {{#verified}}
        <form method="post" action="{{createAction}}">
        <input type="hidden" name="csrf_token" value="{{csrfToken}}">
        <label for="name">{{text.applicationName}}</label>
        <input type="text" id="name" name="name" maxlength="100" required>
        <label for="description">{{text.applicationDescription}}</label>
        <textarea id="description" name="description" maxlength="1000"></textarea>
        <label for="redirect_uris">{{text.redirectURIs}}</label>
        <textarea id="redirect_uris" name="redirect_uris" aria-describedby="redirect-hint"></textarea>
        <p class="muted" id="redirect-hint">{{text.redirectURIsHint}}</p>
        <div class="actions"><button type="submit" class="primary">{{text.create}}</button></div>
        </form>
        {{/verified}}
        {{/content}}
        {{/layout}}
        """

    static let application = """
        {{<layout}}
        {{$title}}{{name}}{{/title}}
        \(navigation)
        {{$content}}
        <p><a href="{{paths.applications}}">← {{text.myApps}}</a></p>
        <h1>{{name}}</h1>
        {{#description}}<p>{{description}}</p>{{/description}}
        <h2 id="credentials">{{text.credentials}}</h2>
        <label for="client-id">{{text.clientID}}</label>
        <code class="secret" id="client-id">{{clientID}}</code>
        <button type="button" data-copy="client-id">{{text.copy}}</button>
        {{#clientSecret}}
        <label for="client-secret">{{text.clientSecret}}</label>
        <code class="secret" id="client-secret">{{clientSecret}}</code>
        <button type="button" data-copy="client-secret">{{text.copy}}</button>
        <label for="authorization-header">{{text.authorizationHeader}}</label>
        <code class="secret" id="authorization-header">{{authorizationHeader}}</code>
        <button type="button" data-copy="authorization-header">{{text.copy}}</button>
        {{/clientSecret}}
        {{^clientSecret}}
        <p><a href="{{revealLink}}" id="reveal">{{text.reveal}}</a></p>
        <p class="muted">{{text.revealHint}}</p>
        {{/clientSecret}}
        <form method="post" action="{{renewAction}}">
        <input type="hidden" name="csrf_token" value="{{csrfToken}}">
        <p class="muted">{{text.renewHint}}</p>
        <div class="actions"><button type="submit" id="renew">{{text.renew}}</button></div>
        </form>
        <h2>{{text.redirectURIs}}</h2>
        <ul>{{#redirectURIs}}<li><code>{{.}}</code></li>{{/redirectURIs}}</ul>
        <p class="muted">{{text.redirectURIsHint}}</p>
        <h2>{{text.subscriptions}}</h2>
        <ul>{{#subscriptions}}<li>{{.}}</li>{{/subscriptions}}</ul>
        {{^subscriptions}}<p class="muted">{{text.noSubscriptions}}</p>{{/subscriptions}}
        <h2>{{text.activity}}</h2>
        <div class="table-scroll"><table>{{#activity}}<tr><td>{{at}}</td><td>{{kind}}</td><td>{{actor}}</td><td>{{detail}}</td></tr>{{/activity}}</table></div>
        <form method="post" action="{{deleteAction}}">
        <input type="hidden" name="csrf_token" value="{{csrfToken}}">
        <p class="muted">{{text.deleteHint}}</p>
        <div class="actions"><button type="submit" id="delete">{{text.delete}}</button></div>
        </form>
        {{/content}}
        {{$script}}
        <script nonce="{{nonce}}">
        document.querySelectorAll("button[data-copy]").forEach(function (button) {
          button.addEventListener("click", function () {
            navigator.clipboard.writeText(document.getElementById(button.dataset.copy).textContent);
          });
        });
        </script>
        {{/script}}
        {{/layout}}
        """

    static let reset = """
        {{<layout}}
        {{$title}}{{text.resetTitle}}{{/title}}
        \(navigation)
        {{$content}}
        <h1>{{text.resetTitle}}</h1>
        <p>{{text.resetBody}}</p>
        <form method="post" action="{{paths.reset}}">
        <input type="hidden" name="csrf_token" value="{{csrfToken}}">
        <label for="email">{{text.email}}</label>
        <input type="email" id="email" name="email" autocomplete="email" required>
        <div class="actions"><button type="submit" class="primary">{{text.sendLink}}</button></div>
        </form>
        {{/content}}
        {{/layout}}
        """

    static let newPassword = """
        {{<layout}}
        {{$title}}{{text.newPasswordTitle}}{{/title}}
        \(navigation)
        {{$content}}
        <h1>{{text.newPasswordTitle}}</h1>
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <form method="post" action="{{paths.newPassword}}">
        <input type="hidden" name="csrf_token" value="{{csrfToken}}">
        <input type="hidden" name="token" value="{{token}}">
        <label for="password">{{text.password}}</label>
        <input type="password" id="password" name="password" autocomplete="new-password" minlength="8" required aria-describedby="password-hint">
        <p class="muted" id="password-hint">{{text.passwordHint}}</p>
        <div class="actions"><button type="submit" class="primary">{{text.setPassword}}</button></div>
        </form>
        {{/content}}
        {{/layout}}
        """

    static let error = """
        {{<layout}}
        {{$title}}{{text.errorTitle}}{{/title}}
        \(navigation)
        {{$content}}
        <h1>{{text.errorTitle}}</h1>
        <p>{{message}}</p>
        {{/content}}
        {{/layout}}
        """
}
