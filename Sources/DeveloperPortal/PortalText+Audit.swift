import Foundation
import PlatformStore

extension PortalText {
    /// An entry of the audit trail as a row of the Activity tab and of the client space's activity page (issue 13, item
    /// 3): the operator and end users by kind only, the developer with their address.
    func row(of entry: AuditEntry, applicationName: String? = nil) -> [String: Any] {
        let (actor, address) = entry.actor.shownToDeveloper
        return [
            "at": entry.at.formatted(.iso8601), "kind": activityKind(entry.action), "actor": actor,
            "address": DeveloperPortal.optional(address),
            "detail": entry.detail ?? "", "application": applicationName ?? entry.clientID ?? "",
        ]
    }
}
