import Foundation

/// One entry of an application's activity, shown newest first on its Activity tab (issue 12, item 2): what
/// happened to the application and who did it. Never a secret.
package struct ApplicationActivity: Hashable, Sendable {
    package var applicationID: String
    package var at: Date
    package var kind: Kind
    /// Who did it: a developer's e-mail address, or `operator` for the command line.
    package var actor: String
    /// What the kind needs to be read: an API's name, a list of redirect URIs, a reason.
    package var detail: String?

    package init(applicationID: String, at: Date, kind: Kind, actor: String, detail: String? = nil) {
        self.applicationID = applicationID
        self.at = at
        self.kind = kind
        self.actor = actor
        self.detail = detail
    }

    package enum Kind: String, Hashable, Sendable, CaseIterable {
        case created
        case edited
        case secretRevealed = "secret-revealed"
        case secretRenewed = "secret-renewed"
        case redirectURIsChanged = "redirect-uris-changed"
        case subscribed
        case subscriptionRequested = "subscription-requested"
        case subscriptionApproved = "subscription-approved"
        case subscriptionRejected = "subscription-rejected"
        case unsubscribed
        case suspended
        case resumed
    }
}
