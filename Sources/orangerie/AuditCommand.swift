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
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            for entry in entries {
                let line = Line(entry)
                print(json ? String(decoding: try encoder.encode(line), as: UTF8.self) : line.text)
            }
        }
    }

    /// An entry as the command prints it: every field, in JSON or as one line of text.
    struct Line: Encodable {
        var at: Date
        var actorKind: String
        var actor: String
        var address: String?
        var action: String
        var clientSpaceID: String
        var clientID: String?
        var detail: String?

        init(_ entry: AuditEntry) {
            at = entry.at
            actorKind = entry.actor.kind.rawValue
            actor = entry.actor.name
            address = entry.actor.address
            action = entry.action.rawValue
            clientSpaceID = entry.clientSpaceID
            clientID = entry.clientID
            detail = entry.detail
        }

        enum CodingKeys: String, CodingKey {
            case at, actor, address, action, detail
            case actorKind = "actor_kind"
            case clientSpaceID = "client_space_id"
            case clientID = "client_id"
        }

        /// Time, actor, address, action, object, detail, separated by tabs; the text a developer wrote (a name, a reason)
        /// with its control characters escaped, so that it cannot rewrite the operator's terminal.
        var text: String {
            let object = clientID ?? "space:" + clientSpaceID
            return [at.formatted(.iso8601), "\(actorKind):\(actor)", address ?? "-", action, object, detail ?? ""]
                .map(Self.escapingControlCharacters).joined(separator: "\t")
        }

        private static func escapingControlCharacters(_ text: String) -> String {
            text.unicodeScalars.map { scalar in
                scalar.properties.generalCategory == .control ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
            }.joined()
        }
    }
}
