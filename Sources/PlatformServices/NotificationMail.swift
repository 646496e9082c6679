import PlatformStore

/// The e-mail that tells someone what happened to an application (issue 13, item 5): its developer when an operator
/// approves or rejects a subscription, or suspends or resumes the application; an administrator when a subscription
/// waits for approval. In English and in French, as ``APIInvitationMail``, since the recipient's language is not
/// known; with the link to the application's page in the portal (the console's, for an administrator) when the
/// platform's public URL is known.
///
/// Only the API's name (an identifier the operator chose) goes into the subject: the application's name, its
/// developer's address and a rejection's reason (text someone typed) stay in the plain-text body. Nothing of the
/// credentials is ever in it.
struct NotificationMail: Sendable {
    enum Event: Sendable, Hashable {
        case subscriptionApproved(api: String)
        case subscriptionRejected(api: String, reason: String?)
        case suspended
        case resumed
        /// To an administrator: the application's developer asked for a subscription that an operator must decide on.
        case subscriptionAwaitingApproval(api: String)
    }

    var event: Event
    var application: ClientApplication

    init(_ event: Event, application: ClientApplication) {
        self.event = event
        self.application = application
    }

    /// The message to `address`; `publicURL` (without a trailing slash) starts the link, none without it.
    func message(to address: String, publicURL: String?) throws(InvalidInput) -> MailMessage {
        let (english, french) = texts
        let link = publicURL.map { $0 + path }
        func paragraphs(_ text: Text) -> String { text.body + (link.map { "\n\n" + text.linkLabel + "\n" + $0 } ?? "") }
        return try MailMessage(
            to: address, subject: english.subject + " / " + french.subject, body: paragraphs(english) + "\n\n" + paragraphs(french))
    }

    /// What the message is about, in a word, for the log: never the reason or anything else someone typed.
    var kind: String {
        switch event {
        case .subscriptionApproved: "subscription-approved"
        case .subscriptionRejected: "subscription-rejected"
        case .suspended: "suspended"
        case .resumed: "resumed"
        case .subscriptionAwaitingApproval: "subscription-awaiting-approval"
        }
    }

    /// Where the link goes: the application's page, or the console for an administrator.
    private var path: String {
        if case .subscriptionAwaitingApproval = event { return "/portal/admin" }
        return "/portal/apps/" + application.clientID
    }

    private struct Text {
        var subject: String
        var body: String
        var linkLabel: String
    }

    private var texts: (english: Text, french: Text) {
        let (name, clientID) = (application.name, application.clientID)
        let yours = (english: "Your application “\(name)” (client_id \(clientID))", french: "Votre application « \(name) » (client_id \(clientID))")
        let page = (english: "The application’s page on the developer portal:", french: "La page de l’application sur le portail des développeurs :")
        switch event {
        case .subscriptionApproved(let api):
            return (
                Text(subject: "Subscription approved: \(api)", body: "\(yours.english) may now call the API \(api): its subscription was approved.", linkLabel: page.english),
                Text(subject: "Abonnement accepté : \(api)", body: "\(yours.french) peut désormais appeler l’API \(api) : son abonnement a été accepté.", linkLabel: page.french))
        case .subscriptionRejected(let api, let reason):
            return (
                Text(
                    subject: "Subscription rejected: \(api)",
                    body: "The subscription of \(yours.english.lowercasedFirst) to the API \(api) was rejected." + (reason.map { "\n\nReason: " + $0 } ?? ""),
                    linkLabel: "You may ask again from the application’s page on the developer portal:"),
                Text(
                    subject: "Abonnement refusé : \(api)",
                    body: "L’abonnement de \(yours.french.lowercasedFirst) à l’API \(api) a été refusé." + (reason.map { "\n\nMotif : " + $0 } ?? ""),
                    linkLabel: "Vous pouvez le demander à nouveau depuis la page de l’application sur le portail des développeurs :"))
        case .suspended:
            return (
                Text(subject: "Application suspended", body: "\(yours.english) was suspended by the platform’s operator: it gets no token until it is resumed.", linkLabel: page.english),
                Text(subject: "Application suspendue", body: "\(yours.french) a été suspendue par l’opérateur de la plateforme : elle n’obtient plus de jeton jusqu’à sa réactivation.", linkLabel: page.french))
        case .resumed:
            return (
                Text(subject: "Application resumed", body: "\(yours.english) was resumed by the platform’s operator: it gets tokens again.", linkLabel: page.english),
                Text(subject: "Application réactivée", body: "\(yours.french) a été réactivée par l’opérateur de la plateforme : elle obtient de nouveau des jetons.", linkLabel: page.french))
        case .subscriptionAwaitingApproval(let api):
            return (
                Text(
                    subject: "Subscription to approve: \(api)",
                    body: "The application “\(name)” (client_id \(clientID)) of \(application.email) asks to subscribe to the API \(api), whose approval is manual: it gets no token for it until an administrator approves or rejects the subscription.",
                    linkLabel: "Pending subscriptions, in the provider’s console:"),
                Text(
                    subject: "Abonnement à valider : \(api)",
                    body: "L’application « \(name) » (client_id \(clientID)) de \(application.email) demande à s’abonner à l’API \(api), dont l’approbation est manuelle : elle n’obtient aucun jeton pour celle-ci tant qu’un administrateur n’a pas accepté ou refusé l’abonnement.",
                    linkLabel: "Les abonnements en attente, dans la console du fournisseur :"))
        }
    }
}

extension String {
    /// "Your application" as it reads inside a sentence: "your application".
    fileprivate var lowercasedFirst: String { prefix(1).lowercased() + dropFirst() }
}
