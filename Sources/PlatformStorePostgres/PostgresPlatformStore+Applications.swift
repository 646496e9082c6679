import Foundation
import PlatformStore
import PostgresNIO

// Applications, their client spaces, redirect URIs and subscriptions; the APIs they subscribe to.
extension PostgresPlatformStore {
    package func createApplication(_ draft: ApplicationDraft) async throws -> ClientApplication {
        let now = self.now
        let event = AuditEvent(.created, detail: draft.name)
        return try await transaction { connection in
            let spaceID = try await self.clientSpaceID(connection, email: draft.email, now: now)
            let applicationID = UUID().uuidString.lowercased()
            try await connection.rows(
                """
                INSERT INTO applications (id, client_space_id, name, description, client_id, secret_digest, sealed_secret,
                    previous_secret_digest, status, may_introspect, created_at, updated_at)
                VALUES (\(applicationID), \(spaceID), \(draft.name), \(draft.description), \(draft.clientID),
                    \(draft.credential.secretDigest), \(draft.credential.sealedSecret), NULL, 'active', \(draft.mayIntrospect), \(now),
                    \(now))
                """, logger: self.logger)
            try await self.insertRedirectURIs(connection, draft.redirectURIs, applicationID: applicationID)
            for apiName in Set(draft.subscriptions) {
                try await self.upsertSubscription(connection, applicationID: applicationID, apiName: apiName, limits: .none, now: now)
            }
            let application = try await self.fetchApplications(connection, clientID: draft.clientID)[0]
            try await self.audit(connection, event, clientID: draft.clientID, now: now)
            try await self.recordChange(connection, .application, key: draft.clientID, now: now)
            return application
        }
    }

    /// The id of the client space of `email`, whatever its case, created if the address has none (seed 002: "only
    /// one client space can be associated with one email address"), in one statement pair that a concurrent
    /// creation cannot break: ON CONFLICT waits for the other insert to commit, then the SELECT sees it.
    func clientSpaceID(_ connection: PostgresConnection, email: String, now: Double) async throws -> String {
        try await connection.rows(
            """
            INSERT INTO client_spaces (id, email, created_at) VALUES (\(UUID().uuidString.lowercased()), \(email), \(now))
            ON CONFLICT ((lower(email))) DO NOTHING
            """, logger: logger)
        return try await connection.rows("SELECT id FROM client_spaces WHERE lower(email) = lower(\(email))", logger: logger)[0].value("id")
    }

    package func application(clientID: String) async throws -> ClientApplication? {
        try await read { connection in try await self.fetchApplications(connection, clientID: clientID).first }
    }

    package func applications() async throws -> [ClientApplication] {
        try await read { connection in try await self.fetchApplications(connection) }
    }

    package func applications(clientSpaceID: String, offset: Int, limit: Int) async throws -> ApplicationPage {
        try await read { connection in
            let applications = try await self.fetchApplications(connection, clientSpaceID: clientSpaceID, offset: offset, limit: limit)
            let total: Int = try await connection.rows(
                "SELECT count(*) AS total FROM applications WHERE client_space_id = \(clientSpaceID)", logger: self.logger
            )[0].value("total")
            return ApplicationPage(applications: applications, total: total)
        }
    }

    package func updateApplication(clientID: String, name: String, description: String) async throws -> ClientApplication {
        try await updateApplication(clientID: clientID, AuditEvent(.edited, detail: name)) { connection, applicationID, _ in
            try await connection.rows(
                "UPDATE applications SET name = \(name), description = \(description) WHERE id = \(applicationID)", logger: self.logger)
        }
    }

    /// One `DELETE`: the foreign keys cascade to the application's redirect URIs, subscriptions, tokens and grants, and
    /// from the grants to their codes. The grants' changes are recorded too, so that the followers forget the consents
    /// they cached. The audit trail keeps the application's entries, and one more saying it is gone.
    package func deleteApplication(clientID: String) async throws -> Bool {
        let now = self.now
        let actor = AuditActor.current
        return try await transaction { connection in
            // Locked, so that of two concurrent deletions only the one that deletes writes its entry.
            let name = try await connection.rows("SELECT name FROM applications WHERE client_id = \(clientID) FOR UPDATE", logger: self.logger)
                .first?.value("name", as: String.self)
            try await self.audit(connection, AuditEvent(.deleted, detail: name, by: actor), clientID: clientID, now: now)
            let deleted = try await connection.rows(
                """
                WITH application AS (DELETE FROM applications WHERE client_id = \(clientID) RETURNING id)
                SELECT application.id, array(SELECT g.id FROM grants g WHERE g.application_id = application.id) AS grants
                FROM application
                """, logger: self.logger)
            guard let row = deleted.first else { return false }
            for grantID in try row.value("grants", as: [String].self) {
                try await self.recordChange(connection, .grant, key: grantID, now: now)
            }
            try await self.recordChange(connection, .application, key: clientID, now: now)
            return true
        }
    }

    package func setStatus(_ status: ApplicationStatus, clientID: String) async throws -> ClientApplication {
        try await updateApplication(clientID: clientID, AuditEvent(status == .suspended ? .suspended : .resumed)) { connection, applicationID, _ in
            try await connection.rows("UPDATE applications SET status = \(status.rawValue) WHERE id = \(applicationID)", logger: self.logger)
        }
    }

    package func replaceCredential(_ credential: StoredCredential, clientID: String) async throws -> ClientApplication {
        try await updateApplication(clientID: clientID, AuditEvent(.secretRenewed)) { connection, applicationID, _ in
            try await connection.rows(
                """
                UPDATE applications SET secret_digest = \(credential.secretDigest), sealed_secret = \(credential.sealedSecret),
                    previous_secret_digest = \(credential.previousSecretDigest),
                    previous_secret_valid_until = \(credential.previousSecretValidUntil?.timeIntervalSince1970),
                    credential_generation = credential_generation + 1
                WHERE id = \(applicationID)
                """, logger: self.logger)
        }
    }

    package func revokeTokens(clientID: String) async throws -> ClientApplication {
        try await updateApplication(clientID: clientID, AuditEvent(.tokensRevoked)) { connection, applicationID, _ in
            try await connection.rows(
                """
                UPDATE applications SET credential_generation = credential_generation + 1, previous_secret_valid_until = NULL
                WHERE id = \(applicationID)
                """,
                logger: self.logger)
        }
    }

    package func subscribe(clientID: String, apiName: String, limits: Limits) async throws -> ClientApplication {
        try await updateApplication(clientID: clientID, .subscribed(to: apiName, limits: limits)) { connection, applicationID, now in
            try await self.upsertSubscription(connection, applicationID: applicationID, apiName: apiName, limits: limits, now: now)
        }
    }

    package func unsubscribe(clientID: String, apiName: String) async throws -> ClientApplication {
        try await updateApplication(clientID: clientID, AuditEvent(.unsubscribed, detail: apiName)) { connection, applicationID, _ in
            let deleted = try await connection.rows(
                """
                DELETE FROM subscriptions WHERE application_id = \(applicationID) AND api_id = (SELECT id FROM apis WHERE name = \(apiName))
                RETURNING 1
                """, logger: self.logger)
            guard deleted.count == 1 else { throw StoreError.notFound("subscription of \(clientID) to API \(apiName)") }
        }
    }

    package func setRedirectURIs(_ redirectURIs: [String], clientID: String) async throws -> ClientApplication {
        let event = AuditEvent(.redirectURIsChanged, detail: Set(redirectURIs).sorted().joined(separator: " "))
        return try await updateApplication(clientID: clientID, event) { connection, applicationID, _ in
            try await connection.rows("DELETE FROM redirect_uris WHERE application_id = \(applicationID)", logger: self.logger)
            try await self.insertRedirectURIs(connection, redirectURIs, applicationID: applicationID)
        }
    }

    package func setLogout(_ logout: LogoutRegistration, clientID: String) async throws -> ClientApplication {
        let uris = Set(logout.postLogoutRedirectURIs).sorted()
        return try await updateApplication(clientID: clientID, AuditEvent(.logoutURIsChanged, detail: logout.description)) {
            connection, applicationID, _ in
            try await connection.rows(
                """
                UPDATE applications SET post_logout_redirect_uris = \(uris), backchannel_logout_uri = \(logout.backchannelLogoutURI)
                WHERE id = \(applicationID)
                """, logger: self.logger)
        }
    }

    package func setMayIntrospect(_ mayIntrospect: Bool, clientID: String) async throws -> ClientApplication {
        try await updateApplication(clientID: clientID, AuditEvent(mayIntrospect ? .introspectionAllowed : .introspectionDenied)) {
            connection, applicationID, _ in
            try await connection.rows(
                "UPDATE applications SET may_introspect = \(mayIntrospect) WHERE id = \(applicationID)", logger: self.logger)
        }
    }

    package func setRequiresPushedAuthorizationRequests(_ required: Bool, clientID: String) async throws -> ClientApplication {
        try await updateApplication(clientID: clientID, AuditEvent(required ? .pushedRequestsRequired : .pushedRequestsOptional)) {
            connection, applicationID, _ in
            try await connection.rows(
                "UPDATE applications SET requires_pushed_authorization_requests = \(required) WHERE id = \(applicationID)",
                logger: self.logger)
        }
    }

    /// Runs `change` on an existing application, locked for the transaction, records it in the change feed and `event`
    /// in the audit trail, and returns the new state.
    private func updateApplication(
        clientID: String, _ event: AuditEvent,
        _ change: @escaping @Sendable (PostgresConnection, _ applicationID: String, _ now: Double) async throws -> Void
    ) async throws -> ClientApplication {
        let now = self.now
        return try await transaction { connection in
            try await self.changeApplication(connection, clientID: clientID, now: now, event) { applicationID in
                try await change(connection, applicationID, now)
                return try await self.fetchApplications(connection, clientID: clientID)[0]
            }
        }
    }

    /// Runs `change` on the existing application `clientID`, locked for the transaction (`FOR UPDATE`), dates the
    /// application, writes `event` to the audit trail and records the change in the feed, last
    /// (``recordChange(_:_:key:now:)``); ``StoreError/notFound(_:)`` when there is no such application.
    func changeApplication<T>(
        _ connection: PostgresConnection, clientID: String, now: Double, _ event: AuditEvent,
        _ change: (_ applicationID: String) async throws -> T
    ) async throws -> T {
        guard
            let row = try await connection.rows("SELECT id FROM applications WHERE client_id = \(clientID) FOR UPDATE", logger: logger).first
        else {
            throw StoreError.notFound("application \(clientID)")
        }
        let applicationID: String = try row.value("id")
        try await connection.rows("UPDATE applications SET updated_at = \(now) WHERE id = \(applicationID)", logger: logger)
        let result = try await change(applicationID)
        try await audit(connection, event, clientID: clientID, now: now)
        try await recordChange(connection, .application, key: clientID, now: now)
        return result
    }

    private func insertRedirectURIs(_ connection: PostgresConnection, _ uris: [String], applicationID: String) async throws {
        guard !uris.isEmpty else { return }
        try await connection.rows(
            "INSERT INTO redirect_uris (application_id, uri) SELECT DISTINCT \(applicationID), unnest(\(uris)::text[])",
            logger: logger)
    }

    /// The operator's subscription: made, or made active again whatever its status, with `limits` (issue 12: an
    /// operator's word needs no approval).
    private func upsertSubscription(
        _ connection: PostgresConnection, applicationID: String, apiName: String, limits: Limits, now: Double
    ) async throws {
        let upserted = try await connection.rows(
            """
            INSERT INTO subscriptions (id, application_id, api_id, status, created_at, rate_limit, quota)
            SELECT \(UUID().uuidString.lowercased()), \(applicationID), id, 'active', \(now), \(limits.rate?.description),
                \(limits.quota?.description)
            FROM apis WHERE name = \(apiName)
            ON CONFLICT (application_id, api_id) DO UPDATE SET status = 'active', reason = NULL, rate_limit = excluded.rate_limit,
                quota = excluded.quota
            RETURNING 1
            """, logger: logger)
        guard upserted.count == 1 else { throw StoreError.notFound("API \(apiName)") }
    }

    /// Every application, or the one of `clientID`, or those of `clientSpaceID`, with their active subscriptions;
    /// strings sort as bytes (`COLLATE "C"`), as in SQLite.
    private func fetchApplications(
        _ connection: PostgresConnection, clientID: String? = nil, clientSpaceID: String? = nil, offset: Int = 0, limit: Int = .max
    ) async throws -> [ClientApplication] {
        let rows = try await connection.rows(
            """
            SELECT a.*, s.email,
                array(SELECT uri FROM redirect_uris WHERE application_id = a.id ORDER BY uri COLLATE "C") AS uris,
                array(SELECT p.name FROM subscriptions sub JOIN apis p ON p.id = sub.api_id
                    WHERE sub.application_id = a.id AND sub.status = 'active' ORDER BY p.name COLLATE "C") AS subscribed,
                array(SELECT coalesce(sub.rate_limit, '') FROM subscriptions sub JOIN apis p ON p.id = sub.api_id
                    WHERE sub.application_id = a.id AND sub.status = 'active' ORDER BY p.name COLLATE "C") AS rates,
                array(SELECT coalesce(sub.quota, '') FROM subscriptions sub JOIN apis p ON p.id = sub.api_id
                    WHERE sub.application_id = a.id AND sub.status = 'active' ORDER BY p.name COLLATE "C") AS quotas
            FROM applications a JOIN client_spaces s ON s.id = a.client_space_id
            WHERE (\(clientID)::text IS NULL OR a.client_id = \(clientID))
                AND (\(clientSpaceID)::text IS NULL OR a.client_space_id = \(clientSpaceID))
            ORDER BY a.created_at, a.id COLLATE "C"
            LIMIT \(Int64(clamping: limit)) OFFSET \(Int64(clamping: offset))
            """, logger: logger)
        return try rows.map { row in
            let subscribed: [String] = try row.value("subscribed")
            let rates: [String] = try row.value("rates")
            let quotas: [String] = try row.value("quotas")
            var overrides: [String: Limits] = [:]
            for (index, name) in subscribed.enumerated() {
                let limits = try StoredValue.limits(rate: rates[index].nilIfEmpty, quota: quotas[index].nilIfEmpty)
                if limits != .none { overrides[name] = limits }
            }
            return ClientApplication(
                id: try row.value("id"), clientSpaceID: try row.value("client_space_id"), email: try row.value("email"),
                name: try row.value("name"), description: try row.value("description"), clientID: try row.value("client_id"),
                credential: StoredCredential(
                    secretDigest: try row.value("secret_digest"), sealedSecret: try row.value("sealed_secret"),
                    previousSecretDigest: try row.value("previous_secret_digest"),
                    previousSecretValidUntil: try row.value("previous_secret_valid_until", as: Double?.self).map(Date.init(timeIntervalSince1970:))),
                status: try StoredValue.decode(ApplicationStatus.self, try row.value("status")),
                redirectURIs: try row.value("uris"),
                logout: LogoutRegistration(
                    postLogoutRedirectURIs: try row.value("post_logout_redirect_uris"),
                    backchannelLogoutURI: try row.value("backchannel_logout_uri")),
                subscriptions: subscribed, limitOverrides: overrides,
                credentialGeneration: try row.value("credential_generation"), mayIntrospect: try row.value("may_introspect"),
                requiresPushedAuthorizationRequests: try row.value("requires_pushed_authorization_requests"),
                createdAt: Date(timeIntervalSince1970: try row.value("created_at")),
                updatedAt: Date(timeIntervalSince1970: try row.value("updated_at")))
        }
    }

    // MARK: APIs

    package func createAPI(_ draft: APIDraft) async throws -> RegisteredAPI {
        let now = self.now
        return try await transaction { connection in
            let created = try await connection.rows(
                """
                INSERT INTO apis (id, name, base_path, upstream, status, rate_limit, quota, limit_status, limit_fallback, scopes,
                    created_at, updated_at)
                VALUES (\(UUID().uuidString.lowercased()), \(draft.name), \(draft.basePath), \(draft.upstream), 'live',
                    \(draft.limits.rate?.description), \(draft.limits.quota?.description), \(draft.limitStatus),
                    \(draft.limitFallback.rawValue), \(draft.scopes.sorted()), \(now), \(now))
                ON CONFLICT DO NOTHING
                RETURNING *
                """, logger: self.logger)
            guard let row = created.first else {
                // The unique constraints refused it; say which, as the SQLite driver does.
                if try await !connection.rows("SELECT 1 FROM apis WHERE name = \(draft.name)", logger: self.logger).isEmpty {
                    throw StoreError.conflict("an API named \(draft.name) already exists")
                }
                let other = try await connection.rows("SELECT name FROM apis WHERE base_path = \(draft.basePath)", logger: self.logger)
                throw StoreError.conflict(
                    "the API \(try other.first?.value("name", as: String.self) ?? "another API") already has the base path \(draft.basePath)")
            }
            let api = try Self.api(from: row)
            try await self.recordChange(connection, .api, key: draft.name, now: now)
            return api
        }
    }

    package func api(named name: String) async throws -> RegisteredAPI? {
        try await read { connection in
            try await connection.rows("SELECT * FROM apis WHERE name = \(name)", logger: self.logger).first.map(Self.api(from:))
        }
    }

    package func apis() async throws -> [RegisteredAPI] {
        try await read { connection in
            try await connection.rows("SELECT * FROM apis ORDER BY name COLLATE \"C\"", logger: self.logger).map(Self.api(from:))
        }
    }

    package func updateAPI(_ api: RegisteredAPI) async throws -> RegisteredAPI {
        let now = self.now
        return try await transaction { connection in
            let updated = try await connection.rows(
                """
                UPDATE apis SET upstream = \(api.upstream), status = \(api.status.rawValue), rate_limit = \(api.limits.rate?.description),
                    quota = \(api.limits.quota?.description), limit_status = \(api.limitStatus),
                    limit_fallback = \(api.limitFallback.rawValue), scopes = \(api.scopes.sorted()),
                    gateway_policy = \(api.policy.storedJSON), updated_at = \(now)
                WHERE name = \(api.name)
                RETURNING *
                """, logger: self.logger)
            guard let row = updated.first else { throw StoreError.notFound("API \(api.name)") }
            let saved = try Self.api(from: row)
            try await self.recordChange(connection, .api, key: api.name, now: now)
            return saved
        }
    }

    private static func api(from row: PostgresRandomAccessRow) throws -> RegisteredAPI {
        RegisteredAPI(
            id: try row.value("id"), name: try row.value("name"), basePath: try row.value("base_path"),
            upstream: try row.value("upstream"), status: try StoredValue.decode(APIStatus.self, try row.value("status")),
            limits: try StoredValue.limits(rate: try row.value("rate_limit"), quota: try row.value("quota")),
            limitStatus: try row.value("limit_status"), scopes: try row.value("scopes"),
            limitFallback: try StoredValue.decode(LimitFallback.self, try row.value("limit_fallback")),
            policy: try GatewayPolicy.stored(try row.value("gateway_policy")),
            createdAt: Date(timeIntervalSince1970: try row.value("created_at")),
            updatedAt: Date(timeIntervalSince1970: try row.value("updated_at")))
    }
}

extension String {
    fileprivate var nilIfEmpty: String? { isEmpty ? nil : self }
}
