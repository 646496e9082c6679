/// An application's usage page (issue 13, item 2): the chart is SVG written by ``UsageChart`` (numbers and escaped
/// labels only), everything else goes through the template's escaping.
extension PortalTemplates {
    static let usage = """
        {{<layout}}
        {{$title}}{{words.usage}} · {{name}}{{/title}}
        \(navigation)
        {{$content}}
        <p><a href="{{applicationLink}}">← {{name}}</a></p>
        <h1>{{words.usage}} · {{name}}</h1>
        <nav aria-label="{{words.usage}}"><ul class="tabs">
        {{#windows}}<li><a href="{{link}}"{{#current}} aria-current="page"{{/current}}>{{title}}</a></li>{{/windows}}
        </ul></nav>
        <nav aria-label="API"><ul class="tabs">
        {{#filters}}<li><a href="{{link}}"{{#current}} aria-current="page"{{/current}}>{{title}}</a></li>{{/filters}}
        </ul></nav>
        <figure class="usage">{{{chart}}}
        <figcaption class="legend"><span class="ok">{{words.legendSuccess}}</span> <span class="client-error">{{words.legendClientError}}</span>
        <span class="upstream-failure">{{words.legendUpstreamFailure}}</span> <span class="refused">{{words.legendRefused}}</span></figcaption>
        </figure>
        <dl class="figures">
        <dt>{{words.calls}}</dt><dd id="calls">{{calls}}</dd>
        {{#p50}}<dt>{{words.medianLatency}}</dt><dd id="p50">{{p50}}</dd>{{/p50}}
        {{#p95}}<dt>{{words.p95Latency}}</dt><dd id="p95">{{p95}}</dd>{{/p95}}
        </dl>
        {{#hasCalls}}
        <div class="table-scroll"><table id="outcomes">
        <thead><tr><th scope="col">{{words.outcome}}</th><th scope="col">{{words.calls}}</th><th scope="col">{{words.meaning}}</th></tr></thead>
        <tbody>{{#outcomes}}<tr><td><code>{{outcome}}</code></td><td>{{calls}}</td><td>{{meaning}}</td></tr>{{/outcomes}}</tbody>
        </table></div>
        {{/hasCalls}}
        {{^hasCalls}}<p class="muted">{{words.noCalls}}</p>{{/hasCalls}}
        <p><a href="{{csvLink}}" id="csv" download>{{words.downloadCSV}}</a></p>
        <p class="muted">{{words.countedEvery}}</p>
        {{#quotas.0}}<h2>{{words.quotas}}</h2>{{/quotas.0}}
        {{#quotas}}
        <p><label for="quota-{{api}}">{{api}}: {{used}} / {{limit}}</label><br>
        <meter id="quota-{{api}}" min="0" max="{{max}}" value="{{value}}" high="{{max}}">{{used}} / {{limit}}</meter>
        <span class="muted">{{words.resets}} <time>{{resetsAt}}</time></span></p>
        {{/quotas}}
        {{/content}}
        {{/layout}}
        """
}
