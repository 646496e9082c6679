import Foundation

/// Which entries of the audit trail to read, newest first (issue 13, item 3: `orangerie audit list [--client-id ID]
/// [--since DATE]`, a developer's space, an application's Activity tab). The filters given all apply.
package struct AuditQuery: Hashable, Sendable {
    package var clientSpaceID: String?
    package var clientID: String?
    /// Entries at or after this time.
    package var since: Date?
    package var limit: Int

    package init(clientSpaceID: String? = nil, clientID: String? = nil, since: Date? = nil, limit: Int = 100) {
        self.clientSpaceID = clientSpaceID
        self.clientID = clientID
        self.since = since
        self.limit = limit
    }

    /// A `since` as people write it: a day, `2026-01-31` (its start, UTC), or a time, `2026-01-31T12:00:00Z`; nil for
    /// anything else.
    package static func date(_ text: String) -> Date? {
        if let time = try? Date(text, strategy: .iso8601) { return time }
        return try? Date(text, strategy: Date.ISO8601FormatStyle().year().month().day())
    }
}
