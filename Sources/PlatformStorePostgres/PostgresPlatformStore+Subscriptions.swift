import Foundation
import PlatformStore
import PostgresNIO

// Subscriptions as the portal sees them, with their approval (issue 12, items 2 and 3). Only active ones make
// `ClientApplication.subscriptions` (`fetchApplications`).
extension PostgresPlatformStore {
    package func subscriptions(clientID: String) async throws -> [Subscription] {
        try await read { connection in try await self.fetchSubscriptions(connection, clientID: clientID) }
    }

    package func pendingSubscriptions() async throws -> [Subscription] {
        try await read { connection in try await self.fetchSubscriptions(connection, status: .pending) }
    }

    /// One upsert that replaces a rejected subscription only (a new id: the rejected one's no longer designates it);
    /// an active or pending one is left alone and is ``StoreError/conflict(_:)``. The application's row is locked
    /// meanwhile (``changeApplication(_:clientID:now:_:)``). The terms' time is recorded only with a version of
    /// terms; `acceptedBy` tells who asked in any case.
    package func requestSubscription(_ request: SubscriptionRequest) async throws -> Subscription {
        let now = self.now
        let termsAcceptedAt = request.termsVersion == nil ? nil : now
        let event = AuditEvent(request.status == .active ? .subscribed : .subscriptionRequested, detail: request.apiName)
        return try await transaction { connection in
            try await self.changeApplication(connection, clientID: request.clientID, now: now, event) { applicationID in
                guard let api = try await connection.rows("SELECT id FROM apis WHERE name = \(request.apiName)", logger: self.logger).first
                else {
                    throw StoreError.notFound("API \(request.apiName)")
                }
                let requested = try await connection.rows(
                    """
                    INSERT INTO subscriptions (id, application_id, api_id, status, reason, terms_version, terms_accepted_at,
                        accepted_by, created_at)
                    VALUES (\(UUID().uuidString.lowercased()), \(applicationID), \(try api.value("id", as: String.self)),
                        \(request.status.rawValue), NULL, \(request.termsVersion), \(termsAcceptedAt), \(request.acceptedBy), \(now))
                    ON CONFLICT (application_id, api_id) DO UPDATE SET id = excluded.id, status = excluded.status, reason = NULL,
                        terms_version = excluded.terms_version, terms_accepted_at = excluded.terms_accepted_at,
                        accepted_by = excluded.accepted_by, created_at = excluded.created_at
                    WHERE subscriptions.status = 'rejected'
                    RETURNING id
                    """, logger: self.logger)
                guard let row = requested.first else {
                    throw StoreError.conflict("\(request.clientID) is already subscribed to \(request.apiName), or waiting for approval")
                }
                return try await self.fetchSubscriptions(connection, id: try row.value("id", as: String.self))[0]
            }
        }
    }

    /// One conditional `UPDATE … WHERE status = 'pending'`, the application's row locked: of two decisions on one
    /// subscription, the second is ``StoreError/conflict(_:)``.
    package func decideSubscription(id: String, approve: Bool, reason: String?) async throws -> Subscription {
        let now = self.now
        let status: Subscription.Status = approve ? .active : .rejected
        let storedReason = approve ? nil : reason
        let actor = AuditActor.current
        return try await transaction { connection in
            guard
                let row = try await connection.rows(
                    """
                    SELECT a.client_id, p.name FROM subscriptions sub JOIN applications a ON a.id = sub.application_id
                        JOIN apis p ON p.id = sub.api_id
                    WHERE sub.id = \(id)
                    """,
                    logger: self.logger
                ).first
            else {
                throw StoreError.notFound("subscription \(id)")
            }
            let event = AuditEvent.decided(try row.value("name"), approve: approve, reason: reason, by: actor)
            return try await self.changeApplication(connection, clientID: try row.value("client_id"), now: now, event) { _ in
                let decided = try await connection.rows(
                    "UPDATE subscriptions SET status = \(status.rawValue), reason = \(storedReason) WHERE id = \(id) AND status = 'pending' RETURNING 1",
                    logger: self.logger)
                guard decided.count == 1 else { throw StoreError.conflict("subscription \(id) is not waiting for approval") }
                return try await self.fetchSubscriptions(connection, id: id)[0]
            }
        }
    }

    package func acceptTerms(subscriptionID id: String, termsVersion: String, acceptedBy: String, at time: Date) async throws -> Subscription {
        let actor = AuditActor.current
        return try await transaction { connection in
            let updated = try await connection.rows(
                """
                UPDATE subscriptions SET terms_version = \(termsVersion), terms_accepted_at = \(time.timeIntervalSince1970),
                    accepted_by = \(acceptedBy)
                WHERE id = \(id) RETURNING 1
                """, logger: self.logger)
            guard updated.count == 1 else { throw StoreError.notFound("subscription \(id)") }
            let subscription = try await self.fetchSubscriptions(connection, id: id)[0]
            let clientID = try await connection.rows(
                "SELECT client_id FROM applications WHERE id = \(subscription.applicationID)", logger: self.logger
            )[0].value("client_id", as: String.self)
            try await self.audit(
                connection, .termsAccepted(subscription.apiName, version: termsVersion, by: actor), clientID: clientID,
                now: time.timeIntervalSince1970)
            return subscription
        }
    }

    /// The subscriptions of `clientID`, of `status`, or the one `id` (each filter when given), oldest first;
    /// subscriptions of one instant by API name. Strings sort as bytes (`COLLATE "C"`), as in SQLite.
    private func fetchSubscriptions(
        _ connection: PostgresConnection, clientID: String? = nil, status: Subscription.Status? = nil, id: String? = nil
    ) async throws -> [Subscription] {
        try await connection.rows(
            """
            SELECT sub.*, p.name AS api_name
            FROM subscriptions sub JOIN apis p ON p.id = sub.api_id JOIN applications a ON a.id = sub.application_id
            WHERE (\(clientID)::text IS NULL OR a.client_id = \(clientID))
                AND (\(status?.rawValue)::text IS NULL OR sub.status = \(status?.rawValue))
                AND (\(id)::text IS NULL OR sub.id = \(id))
            ORDER BY sub.created_at, p.name COLLATE "C", sub.id COLLATE "C"
            """, logger: logger
        ).map { row in
            Subscription(
                id: try row.value("id"), applicationID: try row.value("application_id"), apiName: try row.value("api_name"),
                status: try StoredValue.decode(Subscription.Status.self, try row.value("status")), reason: try row.value("reason"),
                termsVersion: try row.value("terms_version"),
                termsAcceptedAt: try row.value("terms_accepted_at", as: Double?.self).map(Date.init(timeIntervalSince1970:)),
                acceptedBy: try row.value("accepted_by"),
                limitOverride: try StoredValue.limits(rate: try row.value("rate_limit"), quota: try row.value("quota")),
                createdAt: Date(timeIntervalSince1970: try row.value("created_at")))
        }
    }
}
