import Foundation
import PlatformStore
import PostgresNIO

// The audit trail (issue 13, item 3): each change writes its entry with `audit`, in its own transaction.
extension PostgresPlatformStore {
    package func recordAudit(_ event: AuditEvent, clientID: String) async throws {
        let now = self.now
        try await transaction { connection -> Void in
            guard try await self.audit(connection, event, clientID: clientID, now: now) else {
                throw StoreError.notFound("application \(clientID)")
            }
        }
    }

    /// Newest first; entries of one instant in the reverse order of their writing (the identity `id`).
    package func auditTrail(_ query: AuditQuery) async throws -> [AuditEntry] {
        try await read { connection in
            try await connection.rows(
                """
                SELECT * FROM audit_trail
                WHERE (\(query.clientSpaceID)::text IS NULL OR client_space_id = \(query.clientSpaceID))
                    AND (\(query.clientID)::text IS NULL OR client_id = \(query.clientID))
                    AND (\(query.since?.timeIntervalSince1970)::double precision IS NULL OR at >= \(query.since?.timeIntervalSince1970))
                ORDER BY at DESC, id DESC LIMIT \(query.limit)
                """, logger: self.logger
            ).map { row in
                AuditEntry(
                    at: Date(timeIntervalSince1970: try row.value("at")),
                    actor: AuditActor(
                        kind: try StoredValue.decode(AuditActor.Kind.self, try row.value("actor_kind")), name: try row.value("actor_name"),
                        address: try row.value("address")),
                    action: try StoredValue.decode(AuditAction.self, try row.value("action")), clientSpaceID: try row.value("client_space_id"),
                    clientID: try row.value("client_id"), detail: try row.value("detail"))
            }
        }
    }

    package func deleteAuditEntries(before cutoff: Date) async throws -> Int {
        try await transaction { connection in
            try await connection.rows("DELETE FROM audit_trail WHERE at < \(cutoff.timeIntervalSince1970) RETURNING 1", logger: self.logger).count
        }
    }

    /// Writes `event` about the application `clientID` in `connection`'s transaction; whether there is such an application.
    @discardableResult
    func audit(_ connection: PostgresConnection, _ event: AuditEvent, clientID: String, now: Double) async throws -> Bool {
        try await audit(connection, event, now: now, object: "client_space_id, client_id FROM applications WHERE client_id = ", clientID)
    }

    /// Writes `event` about the application of the grant `grantID` (a consent withdrawn, a replayed code).
    func audit(_ connection: PostgresConnection, _ event: AuditEvent, grantID: String, now: Double) async throws {
        try await audit(
            connection, event, now: now,
            object: "a.client_space_id, a.client_id FROM grants g JOIN applications a ON a.id = g.application_id WHERE g.id = ", grantID)
    }

    /// Writes `event` about the client space of `email` (whatever its case) itself.
    func audit(_ connection: PostgresConnection, _ event: AuditEvent, email: String, now: Double) async throws {
        try await audit(connection, event, now: now, object: "id, NULL FROM client_spaces WHERE lower(email) = lower", email)
    }

    /// One `INSERT … SELECT`: `object`, followed by `key` as a parameter, selects the client space and client_id of the
    /// entry.
    @discardableResult
    private func audit(_ connection: PostgresConnection, _ event: AuditEvent, now: Double, object: String, _ key: String) async throws -> Bool {
        try await connection.rows(
            """
            INSERT INTO audit_trail (at, actor_kind, actor_name, address, action, detail, client_space_id, client_id)
            SELECT \(now), \(event.actor.kind.rawValue), \(event.actor.name), \(event.actor.address), \(event.action.rawValue),
                \(event.detail), \(unescaped: object)(\(key))
            RETURNING 1
            """, logger: logger
        ).count == 1
    }
}
