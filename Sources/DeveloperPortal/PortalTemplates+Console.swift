/// The provider's console (issue 13, item 4): its four pages share the tabs; every form carries the session's CSRF
/// token.
extension PortalTemplates {
    static let consoleTemplates = [
        "console": console, "console-applications": consoleApplications, "console-developers": consoleDevelopers,
        "console-apis": consoleAPIs, "console-audit": consoleAudit,
    ]

    static let consoleTabs = """
        <h1>{{console.console}}</h1>
        <nav aria-label="{{console.console}}"><ul class="tabs">
        {{#tabs}}<li><a href="{{link}}"{{#current}} aria-current="page"{{/current}}>{{title}}</a></li>{{/tabs}}
        </ul></nav>
        """

    static let console = """
        {{<layout}}
        {{$title}}{{console.console}}{{/title}}
        \(navigation)
        {{$content}}
        \(consoleTabs)
        <h2>{{console.pendingSubscriptions}}</h2>
        {{#hasPending}}
        <div class="table-scroll"><table id="pending">
        <thead><tr><th scope="col">{{console.application}}</th><th scope="col">{{console.owner}}</th><th scope="col">{{console.api}}</th><th scope="col">{{console.requested}}</th><th scope="col"></th></tr></thead>
        <tbody>{{#pending}}<tr><td>{{application}}<br><code>{{clientID}}</code></td><td>{{owner}}</td><td>{{api}}</td><td><time>{{requested}}</time></td>
        <td><form method="post" action="{{approveAction}}"><input type="hidden" name="csrf_token" value="{{csrfToken}}"><button type="submit" class="primary" id="approve-{{id}}">{{console.approve}}</button></form>
        <form method="post" action="{{rejectAction}}"><input type="hidden" name="csrf_token" value="{{csrfToken}}">
        <label for="reason-{{id}}">{{console.reason}}</label><input type="text" id="reason-{{id}}" name="reason" maxlength="500">
        <button type="submit" id="reject-{{id}}">{{console.reject}}</button></form></td></tr>{{/pending}}</tbody>
        </table></div>
        {{/hasPending}}
        {{^hasPending}}<p class="muted">{{console.noPendingSubscriptions}}</p>{{/hasPending}}
        <h2>{{console.usage}}</h2>
        <nav aria-label="{{console.usage}}"><ul class="tabs">
        {{#windows}}<li><a href="{{link}}"{{#current}} aria-current="page"{{/current}}>{{title}}</a></li>{{/windows}}
        </ul></nav>
        <figure class="usage">{{{chart}}}</figure>
        <dl class="figures"><dt>{{console.calls}}</dt><dd id="calls">{{calls}}</dd></dl>
        {{#refusals.0}}<h3>{{console.refusals}}</h3>{{/refusals.0}}
        <div class="table-scroll"><table id="refusals">{{#refusals}}<tr><td>{{calls}}</td><td>{{meaning}}</td></tr>{{/refusals}}</table></div>
        <h3>{{console.topApplications}}</h3>
        <div class="table-scroll"><table id="top-applications">{{#topApplications}}<tr><td><code>{{name}}</code></td><td>{{calls}}</td></tr>{{/topApplications}}</table></div>
        <h3>{{console.topAPIs}}</h3>
        <div class="table-scroll"><table id="top-apis">{{#topAPIs}}<tr><td>{{name}}</td><td>{{calls}}</td></tr>{{/topAPIs}}</table></div>
        {{/content}}
        {{/layout}}
        """

    static let consoleSearch = """
        <form method="get" action="{{searchAction}}" role="search">
        <label for="q">{{console.search}}</label>
        <input type="text" id="q" name="q" value="{{query}}">
        <div class="actions"><button type="submit">{{console.search}}</button></div>
        </form>
        """

    static let consoleApplications = """
        {{<layout}}
        {{$title}}{{console.applications}} · {{console.console}}{{/title}}
        \(navigation)
        {{$content}}
        \(consoleTabs)
        \(consoleSearch)
        {{#hasApplications}}
        <div class="table-scroll"><table id="applications">
        <thead><tr><th scope="col">{{console.application}}</th><th scope="col">{{console.owner}}</th><th scope="col">{{console.status}}</th><th scope="col">{{console.apis}}</th><th scope="col"></th></tr></thead>
        <tbody>{{#applications}}<tr><td>{{name}}<br><code>{{clientID}}</code></td><td>{{owner}}</td><td><span class="status">{{status}}</span></td><td>{{subscriptions}}</td>
        <td><form method="post" action="{{action}}"><input type="hidden" name="csrf_token" value="{{csrfToken}}"><button type="submit">{{actionTitle}}</button></form></td></tr>{{/applications}}</tbody>
        </table></div>
        {{/hasApplications}}
        {{^hasApplications}}<p class="muted">{{console.nothingFound}}</p>{{/hasApplications}}
        {{/content}}
        {{/layout}}
        """

    static let consoleDevelopers = """
        {{<layout}}
        {{$title}}{{console.developers}} · {{console.console}}{{/title}}
        \(navigation)
        {{$content}}
        \(consoleTabs)
        \(consoleSearch)
        {{#hasDevelopers}}
        <div class="table-scroll"><table id="developers">
        <thead><tr><th scope="col">{{console.owner}}</th><th scope="col">{{console.verified}}</th><th scope="col">{{console.locked}}</th><th scope="col"></th></tr></thead>
        <tbody>{{#developers}}<tr><td>{{email}}<br><span class="muted">{{name}}</span></td><td>{{verified}}</td><td>{{locked}}</td>
        <td><form method="post" action="{{action}}"><input type="hidden" name="csrf_token" value="{{csrfToken}}"><button type="submit">{{actionTitle}}</button></form></td></tr>{{/developers}}</tbody>
        </table></div>
        {{/hasDevelopers}}
        {{^hasDevelopers}}<p class="muted">{{console.nothingFound}}</p>{{/hasDevelopers}}
        {{/content}}
        {{/layout}}
        """

    static let consoleAPIs = """
        {{<layout}}
        {{$title}}{{console.apis}} · {{console.console}}{{/title}}
        \(navigation)
        {{$content}}
        \(consoleTabs)
        <div class="table-scroll"><table id="apis">
        <thead><tr><th scope="col">{{console.api}}</th><th scope="col">{{console.basePath}}</th><th scope="col">{{console.status}}</th><th scope="col">{{console.approval}}</th><th scope="col">{{console.visibility}}</th><th scope="col">{{console.limits}}</th></tr></thead>
        <tbody>{{#apis}}<tr><td><a href="{{link}}">{{name}}</a></td><td><code>{{basePath}}</code></td><td>{{status}}</td><td>{{approval}}</td><td>{{visibility}}</td><td>{{limits}}</td></tr>{{/apis}}</tbody>
        </table></div>
        {{/content}}
        {{/layout}}
        """

    static let consoleAudit = """
        {{<layout}}
        {{$title}}{{console.audit}} · {{console.console}}{{/title}}
        \(navigation)
        {{$content}}
        \(consoleTabs)
        <form method="get" action="{{searchAction}}" role="search">
        <label for="client_id">{{console.clientID}}</label>
        <input type="text" id="client_id" name="client_id" value="{{clientID}}">
        <label for="since">{{console.since}}</label>
        <input type="text" id="since" name="since" value="{{since}}" inputmode="numeric">
        <div class="actions"><button type="submit">{{console.filter}}</button></div>
        </form>
        <p><a href="{{exportLink}}" id="export" download>{{console.exportJSONLines}}</a></p>
        {{#hasEntries}}
        <div class="table-scroll"><table id="audit">
        <thead><tr><th scope="col">{{console.when}}</th><th scope="col">{{console.who}}</th><th scope="col">{{console.address}}</th><th scope="col">{{console.action}}</th><th scope="col">{{console.object}}</th><th scope="col">{{console.detail}}</th></tr></thead>
        <tbody>{{#entries}}<tr><td><time>{{at}}</time></td><td>{{actor}}</td><td>{{address}}</td><td>{{action}}</td><td><code>{{object}}</code></td><td>{{detail}}</td></tr>{{/entries}}</tbody>
        </table></div>
        {{/hasEntries}}
        {{^hasEntries}}<p class="muted">{{console.nothingFound}}</p>{{/hasEntries}}
        {{/content}}
        {{/layout}}
        """
}
