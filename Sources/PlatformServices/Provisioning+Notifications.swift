import PlatformStore

/// Whom each notification of issue 13, item 5 goes to: the application's developer (the client space's address,
/// ``ClientApplication/email``), or every administrator with a known address. Called after the change is committed;
/// nothing here throws, since a failure to tell must not fail the change (``Notifier``).
extension Provisioning {
    /// Tells the developer of the subscription's application `event`. A subscription names its application by its
    /// internal id alone, so this reads the applications: a decision is an operator's act, rare beside the reads.
    func tellDeveloper(_ event: NotificationMail.Event, about subscription: Subscription) async {
        guard let notifier else { return }
        do {
            guard let application = try await store.applications().first(where: { $0.id == subscription.applicationID }) else { return }
            await notifier.send(NotificationMail(event, application: application), to: [application.email])
        } catch {
            notifier.failed(findingWhomToTellAbout: subscription, error)
        }
    }

    /// Tells every administrator who can sign in (not locked) that the subscription waits for a decision, at their
    /// `email` claim (a developer's is their address, from sign-up); those without one are skipped.
    func tellAdministrators(about subscription: Subscription, clientID: String) async {
        guard let notifier else { return }
        do {
            guard let application = try await store.application(clientID: clientID) else { return }
            var addresses: [String] = []
            for user in try await store.users() where user.isAdministrator && !user.locked {
                if let address = user.claims.email, !addresses.contains(where: { $0.lowercased() == address.lowercased() }) {
                    addresses.append(address)
                }
            }
            await notifier.send(NotificationMail(.subscriptionAwaitingApproval(api: subscription.apiName), application: application), to: addresses)
        } catch {
            notifier.failed(findingWhomToTellAbout: subscription, error)
        }
    }
}
