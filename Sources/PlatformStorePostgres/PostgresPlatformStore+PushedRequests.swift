import Foundation
import OAuthCore
import PlatformStore
import PostgresNIO

// Pushed authorization requests (RFC 9126, issue 16, item 5), shared by every instance.
extension PostgresPlatformStore {
    /// The application's row is locked for the transaction, so that concurrent pushes of one application, from any
    /// instance, count one after the other and the limit holds.
    package func savePushedRequest(_ request: PushedAuthorizationRequest, unlessWaiting limit: Int) async throws -> Bool {
        let createdAt = request.createdAt.timeIntervalSince1970
        return try await transaction { connection in
            try await connection.rows("SELECT 1 FROM applications WHERE id = \(request.applicationID) FOR UPDATE", logger: self.logger)
            let inserted = try await connection.rows(
                """
                INSERT INTO pushed_authorization_requests (digest, application_id, parameters, created_at, expires_at, consumed_at)
                SELECT \(request.digest.bytes), \(request.applicationID), \(FormEncoding.encode(request.parameters)), \(createdAt),
                    \(request.expiresAt.timeIntervalSince1970), NULL
                WHERE (SELECT count(*) FROM pushed_authorization_requests
                    WHERE application_id = \(request.applicationID) AND consumed_at IS NULL AND expires_at > \(createdAt)) < \(Int64(limit))
                RETURNING 1
                """, logger: self.logger)
            return !inserted.isEmpty
        }
    }

    /// One conditional `UPDATE … RETURNING`: of concurrent uses, the others wait for the first one's row lock, then
    /// find the request consumed (ARCHITECTURE.md, "Single use is atomic in the database").
    package func consumePushedRequest(digest: TokenDigest, applicationID: String, at now: Date) async throws -> PushedAuthorizationRequest? {
        let time = now.timeIntervalSince1970
        return try await transaction { connection in
            guard
                let row = try await connection.rows(
                    """
                    UPDATE pushed_authorization_requests SET consumed_at = \(time)
                    WHERE digest = \(digest.bytes) AND application_id = \(applicationID) AND consumed_at IS NULL AND expires_at > \(time)
                    RETURNING application_id, parameters, created_at, expires_at
                    """, logger: self.logger
                ).first
            else {
                return nil
            }
            return PushedAuthorizationRequest(
                digest: digest, applicationID: try row.value("application_id"), parameters: try StoredValue.parameters(try row.value("parameters")),
                createdAt: Date(timeIntervalSince1970: try row.value("created_at")),
                expiresAt: Date(timeIntervalSince1970: try row.value("expires_at")))
        }
    }
}
