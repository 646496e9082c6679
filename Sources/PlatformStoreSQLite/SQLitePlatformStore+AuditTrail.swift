import Foundation
import GRDB
import PlatformStore

// The audit trail (issue 13, item 3): each change writes its entry with `audit`, in its own transaction.
extension SQLitePlatformStore {
    package func recordAudit(_ event: AuditEvent, clientID: String) async throws {
        let now = clock.now().timeIntervalSince1970
        try await write { db in
            guard try Self.audit(db, event, clientID: clientID, now: now) else { throw StoreError.notFound("application \(clientID)") }
        }
    }

    /// Newest first; entries of one instant in the reverse order of their writing (the rowid `id`). Only the filters
    /// given are in the statement, so that SQLite picks the index that serves them.
    package func auditTrail(_ query: AuditQuery) async throws -> [AuditEntry] {
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        if let clientSpaceID = query.clientSpaceID {
            conditions.append("client_space_id = ?")
            arguments.append(clientSpaceID)
        }
        if let clientID = query.clientID {
            conditions.append("client_id = ?")
            arguments.append(clientID)
        }
        if let since = query.since {
            conditions.append("at >= ?")
            arguments.append(since.timeIntervalSince1970)
        }
        arguments.append(query.limit)
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let statementArguments = StatementArguments(arguments)
        return try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM audit_trail \(whereClause) ORDER BY at DESC, id DESC LIMIT ?", arguments: statementArguments
            ).map { row in
                AuditEntry(
                    at: Date(timeIntervalSince1970: row["at"]),
                    actor: AuditActor(
                        kind: try StoredValue.decode(AuditActor.Kind.self, row["actor_kind"]), name: row["actor_name"], address: row["address"]),
                    action: try StoredValue.decode(AuditAction.self, row["action"]), clientSpaceID: row["client_space_id"],
                    clientID: row["client_id"], detail: row["detail"])
            }
        }
    }

    package func deleteAuditEntries(before cutoff: Date) async throws -> Int {
        try await write { db in
            try db.execute(sql: "DELETE FROM audit_trail WHERE at < ?", arguments: [cutoff.timeIntervalSince1970])
            return db.changesCount
        }
    }

    /// Writes `event` about the application `clientID` in `db`'s transaction; whether there is such an application.
    @discardableResult
    static func audit(_ db: Database, _ event: AuditEvent, clientID: String, now: Double) throws -> Bool {
        try audit(db, event, now: now, object: "client_space_id, client_id FROM applications WHERE client_id = ?", clientID)
    }

    /// Writes `event` about the application of the grant `grantID` (a consent withdrawn, a replayed code).
    static func audit(_ db: Database, _ event: AuditEvent, grantID: String, now: Double) throws {
        try audit(
            db, event, now: now,
            object: "a.client_space_id, a.client_id FROM grants g JOIN applications a ON a.id = g.application_id WHERE g.id = ?", grantID)
    }

    /// Writes `event` about the client space of `email` (whatever its case) itself.
    static func audit(_ db: Database, _ event: AuditEvent, email: String, now: Double) throws {
        try audit(db, event, now: now, object: "id, NULL FROM client_spaces WHERE email = ?", email)
    }

    /// One `INSERT … SELECT`: `object` selects the client space and client_id of the entry, by `key`.
    @discardableResult
    private static func audit(_ db: Database, _ event: AuditEvent, now: Double, object: String, _ key: String) throws -> Bool {
        try db.execute(
            sql: """
                INSERT INTO audit_trail (at, actor_kind, actor_name, address, action, detail, client_space_id, client_id)
                SELECT ?, ?, ?, ?, ?, ?, \(object)
                """,
            arguments: [
                now, event.actor.kind.rawValue, event.actor.name, event.actor.address, event.action.rawValue, event.detail, key,
            ])
        return db.changesCount == 1
    }
}
