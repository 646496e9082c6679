import Foundation
import GRDB
import OAuthCore
import PlatformStore

// Pushed authorization requests (RFC 9126, issue 16, item 5).
extension SQLitePlatformStore {
    /// Counted and inserted in one `BEGIN IMMEDIATE` transaction: writers are serialised, so the limit holds.
    package func savePushedRequest(_ request: PushedAuthorizationRequest, unlessWaiting limit: Int) async throws -> Bool {
        try await write { db in
            let waiting = try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM pushed_authorization_requests
                    WHERE application_id = ? AND consumed_at IS NULL AND expires_at > ?
                    """,
                arguments: [request.applicationID, request.createdAt.timeIntervalSince1970]) ?? 0
            guard waiting < limit else { return false }
            try db.execute(
                sql: """
                    INSERT INTO pushed_authorization_requests (digest, application_id, parameters, created_at, expires_at, consumed_at)
                    VALUES (?, ?, ?, ?, ?, NULL)
                    """,
                arguments: [
                    request.digest.bytes, request.applicationID, FormEncoding.encode(request.parameters),
                    request.createdAt.timeIntervalSince1970, request.expiresAt.timeIntervalSince1970,
                ])
            return true
        }
    }

    /// One conditional `UPDATE … RETURNING` inside `BEGIN IMMEDIATE`: writers are serialised, so one use wins.
    package func consumePushedRequest(digest: TokenDigest, applicationID: String, at now: Date) async throws -> PushedAuthorizationRequest? {
        let time = now.timeIntervalSince1970
        return try await write { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        UPDATE pushed_authorization_requests SET consumed_at = ?
                        WHERE digest = ? AND application_id = ? AND consumed_at IS NULL AND expires_at > ?
                        RETURNING application_id, parameters, created_at, expires_at
                        """,
                    arguments: [time, digest.bytes, applicationID, time])
            else {
                return nil
            }
            return PushedAuthorizationRequest(
                digest: digest, applicationID: row["application_id"], parameters: try StoredValue.parameters(row["parameters"]),
                createdAt: Date(timeIntervalSince1970: row["created_at"]), expiresAt: Date(timeIntervalSince1970: row["expires_at"]))
        }
    }
}
