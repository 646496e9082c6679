import Foundation
import GRDB
import PlatformStore

// What the catalog shows of each API (issue 12, item 3).
extension SQLitePlatformStore {
    package func documentation(apiName: String) async throws -> APIDocumentation {
        try await read { db in try Self.fetchDocumentation(db, apiName: apiName) }
    }

    /// An upsert dated by the store's clock.
    package func saveDocumentation(_ documentation: APIDocumentation) async throws -> APIDocumentation {
        let now = clock.now().timeIntervalSince1970
        return try await write { db in
            let apiID = try Self.apiID(db, name: documentation.apiName)
            try db.execute(
                sql: """
                    INSERT INTO api_documentation (api_id, description, overview, getting_started, openapi, terms, terms_version,
                        approval, visibility, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (api_id) DO UPDATE SET description = excluded.description, overview = excluded.overview,
                        getting_started = excluded.getting_started, openapi = excluded.openapi, terms = excluded.terms,
                        terms_version = excluded.terms_version, approval = excluded.approval, visibility = excluded.visibility,
                        updated_at = excluded.updated_at
                    """,
                arguments: [
                    apiID, documentation.description, documentation.overview, documentation.gettingStarted, documentation.openAPI,
                    documentation.terms, documentation.termsVersion, documentation.approval.rawValue, documentation.visibility.rawValue,
                    now,
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
            apiName: apiName, description: row["description"], overview: row["overview"], gettingStarted: row["getting_started"],
            openAPI: row["openapi"], terms: row["terms"], termsVersion: row["terms_version"],
            approval: try StoredValue.decode(SubscriptionApproval.self, approval),
            visibility: try StoredValue.decode(APIVisibility.self, row["visibility"]), updatedAt: Date(timeIntervalSince1970: row["updated_at"]))
    }

    // MARK: Who sees partner and private APIs (issue 17, item 3)

    package func invite(email: String, apiName: String, at time: Date) async throws -> APIInvitation {
        try await write { db in
            let apiID = try Self.apiID(db, name: apiName)
            try db.execute(
                sql: "INSERT INTO api_invitations (api_id, email, invited_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                arguments: [apiID, email, time.timeIntervalSince1970])
            let row = try Row.fetchOne(
                db, sql: "SELECT email, invited_at FROM api_invitations WHERE api_id = ? AND email = ?", arguments: [apiID, email])
            guard let row else { throw StoreError.notFound("invitation of \(email)") }
            return APIInvitation(apiName: apiName, email: row["email"], invitedAt: Date(timeIntervalSince1970: row["invited_at"]))
        }
    }

    package func invitations(apiName: String) async throws -> [APIInvitation] {
        try await read { db in
            let apiID = try Self.apiID(db, name: apiName)
            return try Row.fetchAll(
                db, sql: "SELECT email, invited_at FROM api_invitations WHERE api_id = ? ORDER BY invited_at, email", arguments: [apiID]
            ).map { APIInvitation(apiName: apiName, email: $0["email"], invitedAt: Date(timeIntervalSince1970: $0["invited_at"])) }
        }
    }

    package func setInternal(_ isInternal: Bool, email: String) async throws {
        let event = AuditEvent(isInternal ? .spaceMarkedInternal : .spaceMarkedNotInternal)
        let now = clock.now().timeIntervalSince1970
        try await write { db in
            try db.execute(sql: "UPDATE client_spaces SET internal = ? WHERE email = ?", arguments: [isInternal, email])
            guard db.changesCount == 1 else { throw StoreError.notFound("client space of \(email)") }
            try Self.audit(db, event, email: email, now: now)
        }
    }

    package func audience(email: String) async throws -> APIAudience {
        try await read { db in
            let isInternal = try Bool.fetchOne(db, sql: "SELECT internal FROM client_spaces WHERE email = ?", arguments: [email]) ?? false
            let invited = try String.fetchAll(
                db, sql: "SELECT p.name FROM api_invitations i JOIN apis p ON p.id = i.api_id WHERE i.email = ?", arguments: [email])
            return APIAudience(isInternal: isInternal, invitedAPIs: Set(invited))
        }
    }
}
