import Foundation
import GRDB
import PlatformStore

// The developers of the portal and the single-use links sent to them (issue 12, item 1).
extension SQLitePlatformStore {
    /// The user, the client space (unless the address has one) and the developer in one transaction. The unique
    /// usernames and developers' addresses (`COLLATE NOCASE`) refuse a second sign-up for one address in any case,
    /// and an address that is already a username: ``StoreError/conflict(_:)``, raised by the constraint.
    package func createDeveloper(_ draft: DeveloperDraft) async throws -> Developer {
        let now = clock.now().timeIntervalSince1970
        return try await write { db in
            let subject = try Self.insertUser(
                db, username: draft.email, passwordHash: draft.passwordHash, claims: EndUserClaims(email: draft.email, name: draft.name),
                now: now)
            let spaceID = try Self.clientSpaceID(db, email: draft.email, now: now)
            let row = try Row.fetchOne(
                db,
                sql: """
                    INSERT INTO developers (subject, email, name, client_space_id, email_verified_at, terms_version,
                        terms_accepted_at, created_at)
                    VALUES (?, ?, ?, ?, NULL, ?, ?, ?)
                    RETURNING *
                    """,
                arguments: [subject, draft.email, draft.name, spaceID, draft.termsVersion, now, now])
            try Self.recordChange(db, .user, key: subject, now: now)
            return Self.developer(from: row!)
        }
    }

    package func developer(subject: String) async throws -> Developer? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM developers WHERE subject = ?", arguments: [subject]).map(Self.developer(from:))
        }
    }

    /// `email` is compared whatever its case (`COLLATE NOCASE`).
    package func developer(email: String) async throws -> Developer? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM developers WHERE email = ?", arguments: [email]).map(Self.developer(from:))
        }
    }

    package func developers(matching text: String?, limit: Int) async throws -> [Developer] {
        let pattern = text.map(containingPattern)
        return try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM developers WHERE ? IS NULL OR email LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\'
                    ORDER BY email LIMIT ?
                    """,
                arguments: [pattern, pattern, pattern, limit]
            ).map(Self.developer(from:))
        }
    }

    package func markEmailVerified(subject: String, at time: Date) async throws -> Developer {
        try await write { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "UPDATE developers SET email_verified_at = coalesce(email_verified_at, ?) WHERE subject = ? RETURNING *",
                    arguments: [time.timeIntervalSince1970, subject])
            else {
                throw StoreError.notFound("developer \(subject)")
            }
            return Self.developer(from: row)
        }
    }

    private static func developer(from row: Row) -> Developer {
        Developer(
            subject: row["subject"], email: row["email"], name: row["name"], clientSpaceID: row["client_space_id"],
            emailVerifiedAt: (row["email_verified_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            termsVersion: row["terms_version"], termsAcceptedAt: Date(timeIntervalSince1970: row["terms_accepted_at"]),
            createdAt: Date(timeIntervalSince1970: row["created_at"]))
    }

    // MARK: Single-use links

    package func saveLink(_ link: SingleUseLink) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO single_use_links (digest, purpose, subject, created_at, expires_at, consumed_at)
                    VALUES (?, ?, ?, ?, ?, NULL)
                    """,
                arguments: [
                    link.digest.bytes, link.purpose.rawValue, link.subject, link.createdAt.timeIntervalSince1970,
                    link.expiresAt.timeIntervalSince1970,
                ])
        }
    }

    /// One conditional `UPDATE … RETURNING` in a write transaction, as for codes (ARCHITECTURE.md, "Single use is
    /// atomic in the database").
    package func redeemLink(digest: TokenDigest, purpose: SingleUseLink.Purpose, at now: Date) async throws -> String? {
        let time = now.timeIntervalSince1970
        return try await write { db in
            try String.fetchOne(
                db,
                sql: """
                    UPDATE single_use_links SET consumed_at = ?
                    WHERE digest = ? AND purpose = ? AND consumed_at IS NULL AND expires_at > ?
                    RETURNING subject
                    """,
                arguments: [time, digest.bytes, purpose.rawValue, time])
        }
    }
}
