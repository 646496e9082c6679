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
                INSERT INTO api_documentation (api_id, description, overview, getting_started, openapi, terms, terms_version,
                    approval, visibility, updated_at)
                SELECT id, \(documentation.description), \(documentation.overview), \(documentation.gettingStarted),
                    \(documentation.openAPI), \(documentation.terms), \(documentation.termsVersion), \(documentation.approval.rawValue),
                    \(documentation.visibility.rawValue), \(now)
                FROM apis WHERE name = \(documentation.apiName)
                ON CONFLICT (api_id) DO UPDATE SET description = excluded.description, overview = excluded.overview,
                    getting_started = excluded.getting_started, openapi = excluded.openapi, terms = excluded.terms,
                    terms_version = excluded.terms_version, approval = excluded.approval, visibility = excluded.visibility,
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
            apiName: apiName, description: try row.value("description"), overview: try row.value("overview"),
            gettingStarted: try row.value("getting_started"), openAPI: try row.value("openapi"), terms: try row.value("terms"),
            termsVersion: try row.value("terms_version"), approval: try StoredValue.decode(SubscriptionApproval.self, approval),
            visibility: try StoredValue.decode(APIVisibility.self, try row.value("visibility")),
            updatedAt: Date(timeIntervalSince1970: try row.value("updated_at")))
    }

    // MARK: Who sees partner and private APIs (issue 17, item 3)

    package func invite(email: String, apiName: String, at time: Date) async throws -> APIInvitation {
        try await transaction { connection in
            let rows = try await connection.rows(
                """
                WITH api AS (SELECT id FROM apis WHERE name = \(apiName)),
                inserted AS (
                    INSERT INTO api_invitations (api_id, email, invited_at) SELECT id, lower(\(email)), \(time.timeIntervalSince1970) FROM api
                    ON CONFLICT DO NOTHING RETURNING email, invited_at
                )
                SELECT email, invited_at FROM inserted
                UNION ALL
                SELECT i.email, i.invited_at FROM api_invitations i JOIN api ON i.api_id = api.id WHERE i.email = lower(\(email))
                """, logger: self.logger)
            guard let row = rows.first else { throw StoreError.notFound("API \(apiName)") }
            return APIInvitation(apiName: apiName, email: try row.value("email"), invitedAt: Date(timeIntervalSince1970: try row.value("invited_at")))
        }
    }

    package func invitations(apiName: String) async throws -> [APIInvitation] {
        try await read { connection in
            guard try await !connection.rows("SELECT 1 FROM apis WHERE name = \(apiName)", logger: self.logger).isEmpty else {
                throw StoreError.notFound("API \(apiName)")
            }
            return try await connection.rows(
                """
                SELECT i.email, i.invited_at FROM api_invitations i JOIN apis p ON p.id = i.api_id WHERE p.name = \(apiName)
                ORDER BY i.invited_at, i.email
                """, logger: self.logger
            ).map { APIInvitation(apiName: apiName, email: try $0.value("email"), invitedAt: Date(timeIntervalSince1970: try $0.value("invited_at"))) }
        }
    }

    package func setInternal(_ isInternal: Bool, email: String) async throws {
        let event = AuditEvent(isInternal ? .spaceMarkedInternal : .spaceMarkedNotInternal)
        let now = self.now
        try await transaction { connection -> Void in
            let updated = try await connection.rows(
                "UPDATE client_spaces SET internal = \(isInternal) WHERE lower(email) = lower(\(email)) RETURNING 1", logger: self.logger)
            guard updated.count == 1 else { throw StoreError.notFound("client space of \(email)") }
            try await self.audit(connection, event, email: email, now: now)
        }
    }

    package func audience(email: String) async throws -> APIAudience {
        try await read { connection in
            let rows = try await connection.rows(
                """
                SELECT (SELECT internal FROM client_spaces WHERE lower(email) = lower(\(email))) AS internal,
                    (SELECT array_agg(p.name) FROM api_invitations i JOIN apis p ON p.id = i.api_id WHERE i.email = lower(\(email))) AS invited
                """, logger: self.logger)
            return APIAudience(
                isInternal: try rows[0].value("internal", as: Bool?.self) ?? false,
                invitedAPIs: Set(try rows[0].value("invited", as: [String]?.self) ?? []))
        }
    }
}
