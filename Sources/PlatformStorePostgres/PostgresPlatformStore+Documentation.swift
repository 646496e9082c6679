import Foundation
import PlatformStore
import PostgresNIO

// What the catalog shows of each API (issue 12, item 3).
extension PostgresPlatformStore {
    package func documentation(apiName: String) async throws -> APIDocumentation {
        try await read { connection in try await self.fetchDocumentation(connection, apiName: apiName) }
    }

    /// An upsert dated by the store's clock.
    package func saveDocumentation(_ documentation: APIDocumentation) async throws -> APIDocumentation {
        let now = self.now
        return try await transaction { connection in
            let saved = try await connection.rows(
                """
                INSERT INTO api_documentation (api_id, description, openapi, terms, terms_version, approval, updated_at)
                SELECT id, \(documentation.description), \(documentation.openAPI), \(documentation.terms), \(documentation.termsVersion),
                    \(documentation.approval.rawValue), \(now)
                FROM apis WHERE name = \(documentation.apiName)
                ON CONFLICT (api_id) DO UPDATE SET description = excluded.description, openapi = excluded.openapi,
                    terms = excluded.terms, terms_version = excluded.terms_version, approval = excluded.approval,
                    updated_at = excluded.updated_at
                RETURNING 1
                """, logger: self.logger)
            guard saved.count == 1 else { throw StoreError.notFound("API \(documentation.apiName)") }
            let result = try await self.fetchDocumentation(connection, apiName: documentation.apiName)
            try await self.recordChange(connection, .api, key: documentation.apiName, now: now)
            return result
        }
    }

    /// The API's documentation, or an empty one dated from the API's creation; ``StoreError/notFound(_:)`` when
    /// there is no such API.
    private func fetchDocumentation(_ connection: PostgresConnection, apiName: String) async throws -> APIDocumentation {
        guard
            let row = try await connection.rows(
                """
                SELECT p.created_at AS api_created_at, d.* FROM apis p LEFT JOIN api_documentation d ON d.api_id = p.id
                WHERE p.name = \(apiName)
                """, logger: logger
            ).first
        else {
            throw StoreError.notFound("API \(apiName)")
        }
        guard let approval = try row.value("approval", as: String?.self) else {
            return APIDocumentation(apiName: apiName, updatedAt: Date(timeIntervalSince1970: try row.value("api_created_at")))
        }
        return APIDocumentation(
            apiName: apiName, description: try row.value("description"), openAPI: try row.value("openapi"), terms: try row.value("terms"),
            termsVersion: try row.value("terms_version"), approval: try StoredValue.decode(SubscriptionApproval.self, approval),
            updatedAt: Date(timeIntervalSince1970: try row.value("updated_at")))
    }
}
