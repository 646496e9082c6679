import Logging
import PlatformStore

/// Sends the notifications of issue 13, item 5 (``NotificationMail``) through the platform's ``Mailer``, for a
/// ``Provisioning`` that was given one (``Provisioning/notifying(_:)``): the server's, whatever calls it (the portal,
/// the console, the JSON API), and the operator's commands that change what a developer must hear about.
///
/// A notification is sent **after** its change is committed, and never undoes or fails it: a message that cannot be
/// made or sent is logged (what kind, which application, the error; never the body, the address or a secret) and
/// dropped. It is awaited, recipients at once, so that it is sent when the request that caused it answers, the
/// command exits or the demo mailbox shows it: an outbox write takes a millisecond, and a `sendmail`-compatible
/// command queues the message (postfix and exim at once; msmtp relays it first) within the mail command's timeout.
package struct Notifier: Sendable {
    let mailer: any Mailer
    /// The platform's public URL without a trailing slash, which the links start with; nil when not known (a
    /// command run without `--public-url`): the message then has no link.
    let publicURL: @Sendable () -> String?
    let logger: Logger

    package init(mailer: any Mailer, publicURL: @escaping @Sendable () -> String?, logger: Logger) {
        self.mailer = mailer
        self.publicURL = publicURL
        self.logger = logger
    }

    /// Sends `notification` to each of `addresses`, all at once; returns when every one is sent or has failed.
    func send(_ notification: NotificationMail, to addresses: [String]) async {
        let publicURL = publicURL()
        await withTaskGroup(of: Void.self) { group in
            for address in addresses {
                group.addTask {
                    do {
                        try await mailer.send(notification.message(to: address, publicURL: publicURL))
                    } catch {
                        failed(notification, error)
                    }
                }
            }
        }
    }

    /// Logs that `notification` was not sent, naming its kind and application only.
    private func failed(_ notification: NotificationMail, _ error: any Error) {
        logger.error(
            "Could not send a notification; the change itself is done",
            metadata: ["notification": "\(notification.kind)", "client_id": "\(notification.application.clientID)", "error": "\(error)"])
    }

    /// Logs that whom to tell about `subscription` could not be read, naming the subscription only.
    func failed(findingWhomToTellAbout subscription: Subscription, _ error: any Error) {
        logger.error(
            "Could not find whom to notify; the change itself is done", metadata: ["subscription": "\(subscription.id)", "error": "\(error)"])
    }
}
