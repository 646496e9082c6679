/// The portal's pages (issue 12, item 5), in the platform's layout (`PageLayout`), rendered with swift-mustache, which
/// escapes every `{{value}}`. Every form carries the session's CSRF token and is answered 303; the only script is the
/// copy buttons', under the page's nonce.
enum PortalTemplates {
    static let all: [String: String] = [
        "home": home, "signup": signUp, "sent": sent, "verify": verify, "applications": applications,
        "application": application, "error": error, "reset": reset, "new-password": newPassword, "apis": apis,
        "api": api, "usage": usage, "activity": activity,
    ]

    static let navigation = """
        {{$navigation}}
        <nav class="portal" aria-label="{{text.portalTitle}}">
        <a class="brand" href="{{paths.home}}">{{text.portalTitle}}</a>
        <a href="{{paths.apis}}">{{text.catalogTitle}}</a>
        {{#signedIn}}<a href="{{paths.applications}}">{{text.myApps}}</a> <a href="{{paths.activity}}">{{text.spaceActivity}}</a>
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
        {{#paths.demoMailbox}}<p class="notice">Demo: <a href="{{paths.demoMailbox}}" id="demo-mailbox">open the demo mailbox</a>.</p>{{/paths.demoMailbox}}
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
        <nav class="pages" aria-label="{{text.myApps}}"><p class="muted">{{shown}}</p>
        {{#previous}}<a href="{{previous}}" rel="prev">← {{text.previousPage}}</a>{{/previous}}
        {{#next}}<a href="{{next}}" rel="next">{{text.nextPage}} →</a>{{/next}}</nav>
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
        <h3 id="client-id-label">{{text.clientID}}</h3>
        <code class="secret" id="client-id" aria-labelledby="client-id-label">{{clientID}}</code>
        <button type="button" data-copy="client-id" aria-describedby="client-id-label">{{text.copy}}</button>
        {{#clientSecret}}
        <h3 id="client-secret-label">{{text.clientSecret}}</h3>
        <code class="secret" id="client-secret" aria-labelledby="client-secret-label">{{clientSecret}}</code>
        <button type="button" data-copy="client-secret" aria-describedby="client-secret-label">{{text.copy}}</button>
        <h3 id="authorization-header-label">{{text.authorizationHeader}}</h3>
        <code class="secret" id="authorization-header" aria-labelledby="authorization-header-label">{{authorizationHeader}}</code>
        <button type="button" data-copy="authorization-header" aria-describedby="authorization-header-label">{{text.copy}}</button>
        {{/clientSecret}}
        {{^clientSecret}}
        <p><a href="{{revealLink}}" id="reveal">{{text.reveal}}</a></p>
        <p class="muted">{{text.revealHint}}</p>
        {{/clientSecret}}
        <form method="post" action="{{renewAction}}">
        <input type="hidden" name="csrf_token" value="{{csrfToken}}">
        {{#previousSecretValidUntil}}<p class="notice">{{text.previousSecretUntil}} <time>{{previousSecretValidUntil}}</time>.</p>{{/previousSecretValidUntil}}
        <p class="muted">{{renewHint}}</p>
        <div class="actions"><button type="submit" id="renew">{{text.renew}}</button></div>
        </form>
        <p><a href="{{usageLink}}" id="usage">{{usageTitle}}</a></p>
        <h2 id="apis">{{text.subscriptions}}</h2>
        {{#hasSubscriptions}}
        <div class="table-scroll"><table>
        {{#subscriptions}}<tr><td><a href="{{link}}">{{api}}</a></td><td><span class="status">{{status}}</span>{{#reason}}<br><span class="muted">{{reason}}</span>{{/reason}}</td><td>{{limits}}</td>
        <td><form method="post" action="{{unsubscribeAction}}"><input type="hidden" name="csrf_token" value="{{csrfToken}}"><input type="hidden" name="api" value="{{api}}"><button type="submit">{{text.unsubscribe}}</button></form></td></tr>{{/subscriptions}}
        </table></div>
        {{/hasSubscriptions}}
        {{^hasSubscriptions}}<p class="muted">{{text.noSubscriptions}} <a href="{{paths.apis}}">{{text.catalogTitle}}</a></p>{{/hasSubscriptions}}
        <h2 id="redirect-uris">{{text.redirectURIs}}</h2>
        <form method="post" action="{{redirectAction}}">
        <input type="hidden" name="csrf_token" value="{{csrfToken}}">
        <label for="redirect_uris">{{text.redirectURIs}}</label>
        <textarea id="redirect_uris" name="redirect_uris" aria-describedby="redirect-hint">{{redirectURIs}}</textarea>
        <p class="muted" id="redirect-hint">{{text.redirectURIsHint}}</p>
        <div class="actions"><button type="submit">{{text.saveRedirectURIs}}</button></div>
        </form>
        <h2>{{text.activity}}</h2>
        <div class="table-scroll"><table>{{#activity}}<tr><td>{{at}}</td><td>{{kind}}</td><td>{{actor}}{{#address}} <span class="muted">{{address}}</span>{{/address}}</td><td>{{detail}}</td></tr>{{/activity}}</table></div>
        <details id="edit"><summary>{{text.edit}}</summary>
        <form method="post" action="{{editAction}}">
        <input type="hidden" name="csrf_token" value="{{csrfToken}}">
        <label for="edit-name">{{text.applicationName}}</label>
        <input type="text" id="edit-name" name="name" value="{{name}}" maxlength="100" required>
        <label for="edit-description">{{text.applicationDescription}}</label>
        <textarea id="edit-description" name="description" maxlength="1000">{{descriptionText}}</textarea>
        <div class="actions"><button type="submit">{{text.save}}</button></div>
        </form>
        </details>
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

    static let apis = """
        {{<layout}}
        {{$title}}{{text.catalogTitle}}{{/title}}
        \(navigation)
        {{$content}}
        <h1>{{text.catalogTitle}}</h1>
        {{#hasAPIs}}
        <div class="table-scroll"><table>
        <tr><th scope="col">API</th><th scope="col">{{text.basePath}}</th><th scope="col"></th></tr>
        {{#apis}}<tr><td><a href="{{link}}">{{name}}</a>{{#description}}<br><span class="muted">{{description}}</span>{{/description}}</td><td><code>{{basePath}}</code></td><td>{{#deprecated}}<span class="status">{{text.deprecated}}</span>{{/deprecated}}</td></tr>{{/apis}}
        </table></div>
        {{/hasAPIs}}
        {{^hasAPIs}}<p class="muted">{{text.noAPIs}}</p>{{/hasAPIs}}
        {{/content}}
        {{/layout}}
        """

    /// An API's five tabs (issue 17, item 1); the operator's Markdown comes in rendered and sanitised
    /// (``MarkdownPage``), hence the triple braces.
    static let api = """
        {{<layout}}
        {{$title}}{{name}} · {{tabTitle}}{{/title}}
        \(navigation)
        {{$content}}
        <p><a href="{{paths.apis}}">← {{text.catalogTitle}}</a></p>
        <h1>{{name}}</h1>
        {{#description}}<p>{{description}}</p>{{/description}}
        <p>{{text.basePath}}: <code>{{basePath}}</code> · {{text.limits}}: {{limits}}</p>
        {{#deprecated}}<p class="notice">{{text.deprecated}}</p>{{/deprecated}}
        <nav aria-label="{{text.apiTabs}}"><ul class="tabs">
        {{#tabs}}<li><a href="{{link}}"{{#current}} aria-current="page"{{/current}}>{{title}}</a></li>{{/tabs}}
        </ul></nav>
        <h2>{{tabTitle}}</h2>
        {{#isOverview}}
        {{#overview}}<div class="markdown">{{{overview}}}</div>{{/overview}}
        {{#manual}}<p class="muted">{{text.approvalManual}}</p>{{/manual}}
        {{^deprecated}}
        <h2 id="subscribe">{{text.subscribe}}</h2>
        {{^signedIn}}<p class="muted"><a href="{{paths.signIn}}">{{text.signInToSubscribe}}</a></p>{{/signedIn}}
        {{#signedIn}}
        {{^hasApplications}}<p class="muted"><a href="{{paths.applications}}">{{text.createAnApplicationFirst}}</a></p>{{/hasApplications}}
        {{#hasApplications}}
        <form method="post" action="{{subscribeAction}}">
        <input type="hidden" name="csrf_token" value="{{csrfToken}}">
        <label for="client_id">{{text.subscribeWith}}</label>
        <select id="client_id" name="client_id">{{#applications}}<option value="{{clientID}}">{{name}}</option>{{/applications}}</select>
        {{#termsVersion}}
        <p><input type="checkbox" id="terms_version" name="terms_version" value="{{termsVersion}}" required> <label for="terms_version" class="inline">{{text.acceptAPITerms}} (<a href="{{termsLink}}">v{{termsVersion}}</a>)</label></p>
        {{/termsVersion}}
        <div class="actions"><button type="submit" class="primary" id="subscribe-button">{{text.subscribe}}</button></div>
        </form>
        {{/hasApplications}}
        {{/signedIn}}
        {{/deprecated}}
        {{/isOverview}}
        {{#isGettingStarted}}
        {{#gettingStarted}}<div class="markdown">{{{gettingStarted}}}</div>{{/gettingStarted}}
        {{^gettingStarted}}<p>{{text.stepsTitle}}</p><pre class="secret"><code>{{steps}}</code></pre>{{/gettingStarted}}
        {{/isGettingStarted}}
        {{#isReference}}
        {{^groups}}<p class="muted">{{text.noReference}}</p>{{/groups}}
        {{#groups}}
        {{#tag}}<h3>{{tag}}</h3>{{/tag}}
        {{#operations}}
        <section class="operation">
        <h3><code>{{method}} {{path}}</code></h3>
        {{#summary}}<p><strong>{{summary}}</strong></p>{{/summary}}
        {{#description}}<p>{{description}}</p>{{/description}}
        {{#hasParameters}}
        <div class="table-scroll"><table>
        <tr><th scope="col">{{text.parameters}}</th><th scope="col"></th><th scope="col"></th><th scope="col"></th></tr>
        {{#parameters}}<tr><td><code>{{name}}</code>{{#required}} *{{/required}}</td><td>{{in}}</td><td>{{type}}</td><td>{{description}}</td></tr>{{/parameters}}
        </table></div>
        {{/hasParameters}}
        {{#requestSchema}}<p class="muted">{{text.schema}}</p><pre class="secret">{{requestSchema}}</pre>{{/requestSchema}}
        {{#requestExample}}<p class="muted">{{text.example}}</p><pre class="secret">{{requestExample}}</pre>{{/requestExample}}
        <div class="table-scroll"><table>
        <tr><th scope="col">{{text.responses}}</th><th scope="col"></th></tr>
        {{#responses}}<tr><td><code>{{status}}</code></td><td>{{description}}{{#schema}}<pre class="secret">{{schema}}</pre>{{/schema}}{{#example}}<pre class="secret">{{example}}</pre>{{/example}}</td></tr>{{/responses}}
        </table></div>
        </section>
        {{/operations}}
        {{/groups}}
        <h3 id="gateway-errors">{{text.gatewayErrors}}</h3>
        <div class="table-scroll"><table>
        {{#gatewayErrors}}<tr><td><code>{{status}}</code></td><td><code>{{code}}</code></td><td>{{message}}</td><td>{{description}}</td></tr>{{/gatewayErrors}}
        </table></div>
        {{/isReference}}
        {{#isSamples}}
        <form method="get" action="{{samplesAction}}">
        <label for="sample_client_id">{{text.subscribeWith}}</label>
        <select id="sample_client_id" name="client_id"><option value="">{{text.samplePlaceholder}}</option>{{#sampleApplications}}<option value="{{clientID}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/sampleApplications}}</select>
        <label for="language">{{text.sampleLanguage}}</label>
        <select id="language" name="language">{{#languages}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{title}}</option>{{/languages}}</select>
        <div class="actions"><button type="submit">{{text.showSample}}</button></div>
        </form>
        <p>{{text.sampleHint}} <code>{{runCommand}}</code></p>
        <p><a href="{{download}}" id="sample-download">{{text.download}} {{fileName}}</a> · <a href="{{postman}}" id="postman-download">{{text.postmanCollection}}</a></p>
        <pre class="secret" id="sample-code"><code>{{code}}</code></pre>
        {{/isSamples}}
        {{#isTerms}}
        {{^terms}}<p class="muted">{{text.noTerms}}</p>{{/terms}}
        {{#terms}}<p class="muted">v{{termsVersion}}</p><div class="markdown">{{{terms}}}</div>{{/terms}}
        {{#hasSubscribers}}
        <div class="table-scroll"><table>
        <tr><th scope="col">{{text.subscribeWith}}</th><th scope="col">{{text.acceptedVersion}}</th><th scope="col"></th></tr>
        {{#subscribers}}<tr><td>{{name}}</td><td>{{#acceptedVersion}}v{{acceptedVersion}}{{/acceptedVersion}}{{^acceptedVersion}}—{{/acceptedVersion}}{{^current}} ({{text.notAccepted}}){{/current}}</td>
        <td>{{^current}}<form method="post" action="{{acceptAction}}"><input type="hidden" name="csrf_token" value="{{csrfToken}}"><input type="hidden" name="client_id" value="{{clientID}}"><input type="hidden" name="terms_version" value="{{termsVersion}}"><button type="submit">{{text.acceptNewTerms}}</button></form>{{/current}}</td></tr>{{/subscribers}}
        </table></div>
        {{/hasSubscribers}}
        {{/isTerms}}
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

    /// The client space's activity (issue 13, item 3): its audit trail, newest first.
    static let activity = """
        {{<layout}}
        {{$title}}{{text.spaceActivity}}{{/title}}
        \(navigation)
        {{$content}}
        <h1>{{text.spaceActivity}}</h1>
        <p class="muted">{{text.spaceActivityHint}}</p>
        {{#hasEntries}}
        <div class="table-scroll"><table>
        <thead><tr>{{#text.activityColumns}}<th scope="col">{{.}}</th>{{/text.activityColumns}}</tr></thead>
        <tbody>{{#entries}}<tr><td>{{at}}</td><td>{{kind}}</td><td>{{#link}}<a href="{{link}}">{{application}}</a>{{/link}}{{^link}}{{application}}{{/link}}</td><td>{{actor}}</td><td>{{#address}}{{address}}{{/address}}</td><td>{{detail}}</td></tr>{{/entries}}</tbody>
        </table></div>
        {{/hasEntries}}
        {{^hasEntries}}<p class="muted">{{text.noActivity}}</p>{{/hasEntries}}
        {{/content}}
        {{/layout}}
        """
}
