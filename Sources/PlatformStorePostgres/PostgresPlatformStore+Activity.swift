import Foundation
import PlatformStore
import PostgresNIO

// What happened to each application, for its Activity tab (issue 12, item 2).
extension PostgresPlatformStore {
    package func recordActivity(_ activity: ApplicationActivity) async throws {
        try await transaction { connection -> Void in
            try await connection.rows(
                """
                INSERT INTO application_activity (application_id, at, kind, actor, detail)
                VALUES (\(activity.applicationID), \(activity.at.timeIntervalSince1970), \(activity.kind.rawValue), \(activity.actor),
                    \(activity.detail))
                """, logger: self.logger)
        }
    }

    /// Newest first; entries of one instant in the reverse order of their recording (the identity `id`).
    package func activity(applicationID: String, limit: Int) async throws -> [ApplicationActivity] {
        try await read { connection in
            try await connection.rows(
                """
                SELECT * FROM application_activity WHERE application_id = \(applicationID) ORDER BY at DESC, id DESC LIMIT \(limit)
                """, logger: self.logger
            ).map { row in
                ApplicationActivity(
                    applicationID: try row.value("application_id"), at: Date(timeIntervalSince1970: try row.value("at")),
                    kind: try StoredValue.decode(ApplicationActivity.Kind.self, try row.value("kind")), actor: try row.value("actor"),
                    detail: try row.value("detail"))
            }
        }
    }
}
