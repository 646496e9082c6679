import Foundation
import GRDB
import OAuthCore
import PlatformStore

// The device authorizations of RFC 8628 (issue 16, item 6).
extension SQLitePlatformStore {
    package func saveDeviceAuthorization(_ authorization: DeviceAuthorization) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO device_authorizations (digest, user_code, application_id, scope, status, poll_interval,
                        last_polled_at, issued_at, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    authorization.deviceCodeDigest.bytes, authorization.userCode, authorization.applicationID,
                    authorization.scope.description, authorization.status.rawValue, authorization.interval,
                    authorization.lastPolledAt?.timeIntervalSince1970, authorization.issuedAt.timeIntervalSince1970,
                    authorization.expiresAt.timeIntervalSince1970,
                ])
        }
    }

    package func pendingDeviceAuthorization(userCode: String, at now: Date) async throws -> DeviceAuthorization? {
        try await read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM device_authorizations WHERE user_code = ? AND status = 'pending' AND expires_at > ?",
                arguments: [userCode, now.timeIntervalSince1970]
            ).map(Self.deviceAuthorization(from:))
        }
    }

    package func decideDeviceAuthorization(userCode: String, approval: DeviceApproval?, at now: Date) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE device_authorizations SET status = ?, user_subject = ?, grant_id = ?, grant_generation = ?, granted_scope = ?,
                        auth_time = ?, session_id = ?
                    WHERE user_code = ? AND status = 'pending' AND expires_at > ?
                    """,
                arguments: [
                    (approval == nil ? DeviceAuthorization.Status.denied : .approved).rawValue, approval?.userSubject,
                    approval?.grantID, approval?.grantGeneration, approval?.scope.description, approval?.authTime.timeIntervalSince1970, approval?.sessionID,
                    userCode, now.timeIntervalSince1970,
                ])
            return db.changesCount == 1
        }
    }

    /// Inside `BEGIN IMMEDIATE`: writers are serialised, so the row read is the row updated.
    package func pollDeviceAuthorization(digest: TokenDigest, applicationID: String, at now: Date) async throws -> DevicePoll {
        try await write { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT * FROM device_authorizations WHERE digest = ? AND application_id = ?",
                    arguments: [digest.bytes, applicationID])
            else {
                return .unknown
            }
            let (poll, next) = try Self.deviceAuthorization(from: row).polled(at: now)
            if let next {
                try db.execute(
                    sql: "UPDATE device_authorizations SET status = ?, poll_interval = ?, last_polled_at = ? WHERE digest = ?",
                    arguments: [next.status.rawValue, next.interval, next.lastPolledAt?.timeIntervalSince1970, digest.bytes])
            }
            return poll
        }
    }

    private static func deviceAuthorization(from row: Row) throws -> DeviceAuthorization {
        var approval: DeviceApproval?
        if let subject = row["user_subject"] as String?, let grantID = row["grant_id"] as String?,
            let generation = row["grant_generation"] as Int?, let scope = row["granted_scope"] as String?,
            let authTime = row["auth_time"] as Double?
        {
            approval = DeviceApproval(
                userSubject: subject, grantID: grantID, grantGeneration: generation, scope: Scopes(parsing: scope), authTime: Date(timeIntervalSince1970: authTime),
                sessionID: row["session_id"])
        }
        return DeviceAuthorization(
            deviceCodeDigest: TokenDigest(bytes: row["digest"]), userCode: row["user_code"], applicationID: row["application_id"],
            scope: Scopes(parsing: row["scope"] as String), status: try StoredValue.decode(DeviceAuthorization.Status.self, row["status"]),
            approval: approval, interval: row["poll_interval"],
            lastPolledAt: (row["last_polled_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            issuedAt: Date(timeIntervalSince1970: row["issued_at"]), expiresAt: Date(timeIntervalSince1970: row["expires_at"]))
    }
}
