import Foundation
import GRDB
import PlatformStore

// What the catalog shows of each API (issue 12, item 3).
extension SQLitePlatformStore {
    package func documentation(apiName: String) async throws -> APIDocumentation {
        try await pool.read { db in try Self.fetchDocumentation(db, apiName: apiName) }
    }

    /// An upsert dated by the store's clock.
    package func saveDocumentation(_ documentation: APIDocumentation) async throws -> APIDocumentation {
        let now = clock.now().timeIntervalSince1970
        return try await write { db in
            let apiID = try Self.apiID(db, name: documentation.apiName)
            try db.execute(
                sql: """
                    INSERT INTO api_documentation (api_id, description, openapi, terms, terms_version, approval, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (api_id) DO UPDATE SET description = excluded.description, openapi = excluded.openapi,
                        terms = excluded.terms, terms_version = excluded.terms_version, approval = excluded.approval,
                        updated_at = excluded.updated_at
                    """,
                arguments: [
                    apiID, documentation.description, documentation.openAPI, documentation.terms, documentation.termsVersion,
                    documentation.approval.rawValue, now,
                ])
            try Self.recordChange(db, .api, key: documentation.apiName, now: now)
            return try Self.fetchDocumentation(db, apiName: documentation.apiName)
        }
    }

    /// The API's documentation, or an empty one dated from the API's creation; ``StoreError/notFound(_:)`` when
    /// there is no such API.
    private static func fetchDocumentation(_ db: Database, apiName: String) throws -> APIDocumentation {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT p.created_at AS api_created_at, d.* FROM apis p LEFT JOIN api_documentation d ON d.api_id = p.id
                    WHERE p.name = ?
                    """,
                arguments: [apiName])
        else {
            throw StoreError.notFound("API \(apiName)")
        }
        guard let approval = row["approval"] as String? else {
            return APIDocumentation(apiName: apiName, updatedAt: Date(timeIntervalSince1970: row["api_created_at"]))
        }
        return APIDocumentation(
            apiName: apiName, description: row["description"], openAPI: row["openapi"], terms: row["terms"],
            termsVersion: row["terms_version"], approval: try StoredValue.decode(SubscriptionApproval.self, approval),
            updatedAt: Date(timeIntervalSince1970: row["updated_at"]))
    }
}
