import Foundation

/// One entry of the audit trail (issue 13, item 3): who did what to which client space or application, when and from
/// which address. Written in the transaction of the change it records, and never a secret: an entry says that a secret
/// was renewed or shown, never what it is. An application's Activity tab (issue 12, item 2) is its entries.
package struct AuditEntry: Hashable, Sendable {
    package var at: Date
    package var actor: AuditActor
    package var action: AuditAction
    /// The client space the object belongs to: a developer's whole trail is one query.
    package var clientSpaceID: String
    /// The application's client_id; nil for a change to the client space itself.
    package var clientID: String?
    /// What the action needs to be read: an API's name, redirect URIs, a reason. Never a secret.
    package var detail: String?

    package init(
        at: Date, actor: AuditActor, action: AuditAction, clientSpaceID: String, clientID: String? = nil, detail: String? = nil
    ) {
        self.at = at
        self.actor = actor
        self.action = action
        self.clientSpaceID = clientSpaceID
        self.clientID = clientID
        self.detail = detail
    }
}
