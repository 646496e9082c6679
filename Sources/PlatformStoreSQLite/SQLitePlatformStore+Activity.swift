import Foundation
import GRDB
import PlatformStore

// What happened to each application, for its Activity tab (issue 12, item 2).
extension SQLitePlatformStore {
    package func recordActivity(_ activity: ApplicationActivity) async throws {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO application_activity (application_id, at, kind, actor, detail) VALUES (?, ?, ?, ?, ?)",
                arguments: [activity.applicationID, activity.at.timeIntervalSince1970, activity.kind.rawValue, activity.actor, activity.detail])
        }
    }

    /// Newest first; entries of one instant in the reverse order of their recording (the rowid `id`).
    package func activity(applicationID: String, limit: Int) async throws -> [ApplicationActivity] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM application_activity WHERE application_id = ? ORDER BY at DESC, id DESC LIMIT ?",
                arguments: [applicationID, limit]
            ).map { row in
                ApplicationActivity(
                    applicationID: row["application_id"], at: Date(timeIntervalSince1970: row["at"]),
                    kind: try StoredValue.decode(ApplicationActivity.Kind.self, row["kind"]), actor: row["actor"], detail: row["detail"])
            }
        }
    }
}
