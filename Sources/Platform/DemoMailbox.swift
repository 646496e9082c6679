import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PlatformPages
import PlatformServices
import Synchronization

/// With `serve --demo` only: the last messages the platform sent, readable in the browser at ``path``, so that a new
/// developer can sign up and follow the verification link from a browser alone (issue 12's "Done when"). Messages
/// still go to the outbox as well. Never in production: anyone who reaches the page reads every message.
final class DemoMailbox: Mailer {
    static let path = "/portal/demo-mailbox"
    private static let kept = 50
    private let next: any Mailer
    private let messages = Mutex<[MailMessage]>([])
    private let pages: Pages

    init(delivering next: any Mailer) throws {
        self.next = next
        pages = try Pages(templates: ["mailbox": Self.template])
    }

    func send(_ message: MailMessage) async throws {
        try await next.send(message)
        messages.withLock { messages in
            messages.append(message)
            if messages.count > Self.kept { messages.removeFirst(messages.count - Self.kept) }
        }
    }

    func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.get(RouterPath(Self.path)) { _, _ in self.page() }
    }

    private func page() -> Response {
        let newestFirst = messages.withLock { $0.reversed() }.map { message -> [String: Any] in
            ["to": message.to.description, "subject": message.subject, "lines": Self.lines(of: message.body)]
        }
        return pages.render("mailbox", bodyClass: "wide", values: ["messages": newestFirst, "text": ["language": "en"]])
    }

    /// The body's lines, each a link when it is one.
    private static func lines(of body: String) -> [[String: Any]] {
        body.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            let text = String(line)
            return ["text": text, "link": text.hasPrefix("http://") || text.hasPrefix("https://")]
        }
    }

    private static let template = """
        {{<layout}}
        {{$title}}Demo mailbox{{/title}}
        {{$content}}
        <h1>Demo mailbox</h1>
        <p class="notice">serve --demo only: the last messages the platform sent, newest first. They are in the outbox too.</p>
        {{#messages}}
        <section class="operation">
        <h2>{{subject}}</h2>
        <p class="muted">To {{to}}</p>
        <p>{{#lines}}{{#link}}<a href="{{text}}">{{text}}</a>{{/link}}{{^link}}{{text}}{{/link}}<br>{{/lines}}</p>
        </section>
        {{/messages}}
        {{^messages}}<p class="muted">No message yet.</p>{{/messages}}
        {{/content}}
        {{/layout}}
        """
}
