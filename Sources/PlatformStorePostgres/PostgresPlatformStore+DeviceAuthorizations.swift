import Foundation
import OAuthCore
import PlatformStore
import PostgresNIO

// The device authorizations of RFC 8628 (issue 16, item 6).
extension PostgresPlatformStore {
    package func saveDeviceAuthorization(_ authorization: DeviceAuthorization) async throws {
        try await transaction { connection -> Void in
            try await connection.rows(
                """
                INSERT INTO device_authorizations (digest, user_code, application_id, scope, status, poll_interval, last_polled_at,
                    issued_at, expires_at)
                VALUES (\(authorization.deviceCodeDigest.bytes), \(authorization.userCode), \(authorization.applicationID),
                    \(authorization.scope.description), \(authorization.status.rawValue), \(authorization.interval),
                    \(authorization.lastPolledAt?.timeIntervalSince1970), \(authorization.issuedAt.timeIntervalSince1970),
                    \(authorization.expiresAt.timeIntervalSince1970))
                """, logger: self.logger)
        }
    }

    package func pendingDeviceAuthorization(userCode: String, at now: Date) async throws -> DeviceAuthorization? {
        try await read { connection in
            try await connection.rows(
                """
                SELECT * FROM device_authorizations
                WHERE user_code = \(userCode) AND status = 'pending' AND expires_at > \(now.timeIntervalSince1970)
                """, logger: self.logger
            ).first.map(Self.deviceAuthorization(from:))
        }
    }

    package func decideDeviceAuthorization(userCode: String, approval: DeviceApproval?, at now: Date) async throws -> Bool {
        let status = (approval == nil ? DeviceAuthorization.Status.denied : .approved).rawValue
        return try await transaction { connection in
            try await connection.rows(
                """
                UPDATE device_authorizations SET status = \(status), user_subject = \(approval?.userSubject),
                    grant_id = \(approval?.grantID), grant_generation = \(approval?.grantGeneration), granted_scope = \(approval?.scope.description),
                    auth_time = \(approval?.authTime.timeIntervalSince1970), session_id = \(approval?.sessionID)
                WHERE user_code = \(userCode) AND status = 'pending' AND expires_at > \(now.timeIntervalSince1970)
                RETURNING 1 AS decided
                """, logger: self.logger
            ).count == 1
        }
    }

    /// `SELECT … FOR UPDATE`: concurrent polls of one device code, from any instance, wait for the row in turn.
    package func pollDeviceAuthorization(digest: TokenDigest, applicationID: String, at now: Date) async throws -> DevicePoll {
        try await transaction { connection in
            guard
                let row = try await connection.rows(
                    """
                    SELECT * FROM device_authorizations WHERE digest = \(digest.bytes) AND application_id = \(applicationID)
                    FOR UPDATE
                    """, logger: self.logger
                ).first
            else {
                return .unknown
            }
            let (poll, next) = try Self.deviceAuthorization(from: row).polled(at: now)
            if let next {
                try await connection.rows(
                    """
                    UPDATE device_authorizations SET status = \(next.status.rawValue), poll_interval = \(next.interval),
                        last_polled_at = \(next.lastPolledAt?.timeIntervalSince1970)
                    WHERE digest = \(digest.bytes)
                    """, logger: self.logger)
            }
            return poll
        }
    }

    private static func deviceAuthorization(from row: PostgresRandomAccessRow) throws -> DeviceAuthorization {
        var approval: DeviceApproval?
        if let subject = try row.value("user_subject", as: String?.self), let grantID = try row.value("grant_id", as: String?.self),
            let generation = try row.value("grant_generation", as: Int?.self),
            let scope = try row.value("granted_scope", as: String?.self), let authTime = try row.value("auth_time", as: Double?.self)
        {
            approval = DeviceApproval(
                userSubject: subject, grantID: grantID, grantGeneration: generation, scope: Scopes(parsing: scope), authTime: Date(timeIntervalSince1970: authTime),
                sessionID: try row.value("session_id"))
        }
        return DeviceAuthorization(
            deviceCodeDigest: TokenDigest(bytes: try row.value("digest")), userCode: try row.value("user_code"),
            applicationID: try row.value("application_id"), scope: Scopes(parsing: try row.value("scope", as: String.self)),
            status: try StoredValue.decode(DeviceAuthorization.Status.self, try row.value("status")), approval: approval,
            interval: try row.value("poll_interval"),
            lastPolledAt: try row.value("last_polled_at", as: Double?.self).map(Date.init(timeIntervalSince1970:)),
            issuedAt: Date(timeIntervalSince1970: try row.value("issued_at")),
            expiresAt: Date(timeIntervalSince1970: try row.value("expires_at")))
    }
}
