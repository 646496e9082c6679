import ArgumentParser
import Foundation
import Platform
import PlatformStore

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Read the audit trail: who changed which client space or application, when and from where.",
        subcommands: [List.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the audit trail, newest first: one entry a line, or JSON Lines with --json.",
            discussion: """
                Every change to a client space or an application is there, written with the change itself: by a \
                developer (the portal, with the client's address), an operator (this command line, by login name), an \
                end user (a consent withdrawn) or the platform (a replayed authorization code revoking a grant). \
                A secret shown in the portal is there too; a secret itself never is. Entries are kept one year.
                """)

        @Option(name: .customLong("client-id"), help: "Only the entries of this application (kept after it is deleted).")
        var clientID: String?

        @Option(help: "Only the entries from this day, 2026-01-31 (UTC), or this time, 2026-01-31T12:00:00Z, on.")
        var since: String?

        @Option(help: "At most this many entries, the newest (default 100).")
        var limit = 100

        @Flag(help: "One JSON object a line (JSON Lines), to export or to filter with jq.")
        var json = false

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
            if let since, AuditQuery.date(since) == nil {
                throw ValidationError("--since must be a day, 2026-01-31, or a time, 2026-01-31T12:00:00Z")
            }
        }

        func run() async throws {
            let query = AuditQuery(clientID: clientID, since: since.flatMap(AuditQuery.date), limit: limit)
            let entries = try await database.open().store.auditTrail(query)
            if json {
                print(try AuditEntry.jsonLines(entries), terminator: "")
            } else {
                for entry in entries { print(Line.text(of: entry)) }
            }
        }
    }

    /// An entry as one line of text.
    enum Line {
        /// Time, actor, address, action, object, detail, separated by tabs; the text a developer wrote (a name, a reason)
        /// with its control characters escaped, so that it cannot rewrite the operator's terminal.
        static func text(of entry: AuditEntry) -> String {
            let object = entry.clientID ?? "space:" + entry.clientSpaceID
            return [
                entry.at.formatted(.iso8601), "\(entry.actor.kind.rawValue):\(entry.actor.name)", entry.actor.address ?? "-",
                entry.action.rawValue, object, entry.detail ?? "",
            ].map(escapingControlCharacters).joined(separator: "\t")
        }

        private static func escapingControlCharacters(_ text: String) -> String {
            text.unicodeScalars.map { scalar in
                scalar.properties.generalCategory == .control ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
            }.joined()
        }
    }
}
