import Foundation
import GRDB
import PlatformStore

// Subscriptions as the portal sees them, with their approval (issue 12, items 2 and 3). Only active ones make
// `ClientApplication.subscriptions` (`fetchApplications`).
extension SQLitePlatformStore {
    package func subscriptions(clientID: String) async throws -> [Subscription] {
        try await read { db in
            try Self.fetchSubscriptions(
                db, whereClause: "WHERE sub.application_id = (SELECT id FROM applications WHERE client_id = ?)", arguments: [clientID])
        }
    }

    package func pendingSubscriptions() async throws -> [Subscription] {
        try await read { db in try Self.fetchSubscriptions(db, whereClause: "WHERE sub.status = 'pending'", arguments: []) }
    }

    /// One upsert that replaces a rejected subscription only (a new id: the rejected one's no longer designates it);
    /// an active or pending one is left alone and is ``StoreError/conflict(_:)``. The terms' time is recorded only
    /// with a version of terms; `acceptedBy` tells who asked in any case.
    package func requestSubscription(_ request: SubscriptionRequest) async throws -> Subscription {
        let now = clock.now().timeIntervalSince1970
        let event = AuditEvent(request.status == .active ? .subscribed : .subscriptionRequested, detail: request.apiName)
        return try await write { db in
            let id = try Self.changeApplication(db, clientID: request.clientID, now: now, event) { applicationID in
                let requested = try String.fetchOne(
                    db,
                    sql: """
                        INSERT INTO subscriptions (id, application_id, api_id, status, reason, terms_version, terms_accepted_at,
                            accepted_by, created_at)
                        VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?)
                        ON CONFLICT (application_id, api_id) DO UPDATE SET id = excluded.id, status = excluded.status, reason = NULL,
                            terms_version = excluded.terms_version, terms_accepted_at = excluded.terms_accepted_at,
                            accepted_by = excluded.accepted_by, created_at = excluded.created_at
                        WHERE subscriptions.status = 'rejected'
                        RETURNING id
                        """,
                    arguments: [
                        UUID().uuidString.lowercased(), applicationID, try Self.apiID(db, name: request.apiName), request.status.rawValue,
                        request.termsVersion, request.termsVersion == nil ? nil : now, request.acceptedBy, now,
                    ])
                guard let requested else {
                    throw StoreError.conflict("\(request.clientID) is already subscribed to \(request.apiName), or waiting for approval")
                }
                return requested
            }
            return try Self.fetchSubscriptions(db, whereClause: "WHERE sub.id = ?", arguments: [id])[0]
        }
    }

    package func acceptTerms(subscriptionID id: String, termsVersion: String, acceptedBy: String, at time: Date) async throws -> Subscription {
        let actor = AuditActor.current
        return try await write { db in
            try db.execute(
                sql: "UPDATE subscriptions SET terms_version = ?, terms_accepted_at = ?, accepted_by = ? WHERE id = ?",
                arguments: [termsVersion, time.timeIntervalSince1970, acceptedBy, id])
            guard db.changesCount == 1 else { throw StoreError.notFound("subscription \(id)") }
            let subscription = try Self.fetchSubscriptions(db, whereClause: "WHERE sub.id = ?", arguments: [id])[0]
            let clientID = try String.fetchOne(db, sql: "SELECT client_id FROM applications WHERE id = ?", arguments: [subscription.applicationID])
            try Self.audit(
                db, .termsAccepted(subscription.apiName, version: termsVersion, by: actor), clientID: clientID ?? "",
                now: time.timeIntervalSince1970)
            return subscription
        }
    }

    /// One conditional `UPDATE … WHERE status = 'pending'`: of two decisions on one subscription, the second is
    /// ``StoreError/conflict(_:)``.
    package func decideSubscription(id: String, approve: Bool, reason: String?) async throws -> Subscription {
        let now = clock.now().timeIntervalSince1970
        let status: Subscription.Status = approve ? .active : .rejected
        let actor = AuditActor.current
        return try await write { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT a.client_id, p.name FROM subscriptions sub JOIN applications a ON a.id = sub.application_id
                            JOIN apis p ON p.id = sub.api_id
                        WHERE sub.id = ?
                        """,
                    arguments: [id])
            else {
                throw StoreError.notFound("subscription \(id)")
            }
            let clientID: String = row["client_id"]
            let event = AuditEvent.decided(row["name"], approve: approve, reason: reason, by: actor)
            try Self.changeApplication(db, clientID: clientID, now: now, event) { _ in
                try db.execute(
                    sql: "UPDATE subscriptions SET status = ?, reason = ? WHERE id = ? AND status = 'pending'",
                    arguments: [status.rawValue, approve ? nil : reason, id])
                guard db.changesCount == 1 else { throw StoreError.conflict("subscription \(id) is not waiting for approval") }
            }
            return try Self.fetchSubscriptions(db, whereClause: "WHERE sub.id = ?", arguments: [id])[0]
        }
    }

    /// Oldest first; subscriptions of one instant by API name.
    private static func fetchSubscriptions(_ db: Database, whereClause: String, arguments: StatementArguments) throws -> [Subscription] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT sub.*, p.name AS api_name FROM subscriptions sub JOIN apis p ON p.id = sub.api_id
                \(whereClause)
                ORDER BY sub.created_at, p.name, sub.id
                """,
            arguments: arguments
        ).map { row in
            Subscription(
                id: row["id"], applicationID: row["application_id"], apiName: row["api_name"],
                status: try StoredValue.decode(Subscription.Status.self, row["status"]), reason: row["reason"],
                termsVersion: row["terms_version"],
                termsAcceptedAt: (row["terms_accepted_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
                acceptedBy: row["accepted_by"], limitOverride: try StoredValue.limits(rate: row["rate_limit"], quota: row["quota"]),
                createdAt: Date(timeIntervalSince1970: row["created_at"]))
        }
    }
}
