import Foundation
import PlatformStore
import PostgresNIO

// The developers of the portal and the single-use links sent to them (issue 12, item 1).
extension PostgresPlatformStore {
    /// The user, the client space (unless the address has one) and the developer in one transaction. The unique
    /// indexes on lower(username) and lower(email) refuse a second sign-up for one address in any case, and an
    /// address that is already a username: ``StoreError/conflict(_:)``, whatever runs concurrently.
    package func createDeveloper(_ draft: DeveloperDraft) async throws -> Developer {
        let now = self.now
        return try await transaction { connection in
            let user = try await self.insertUser(
                connection, username: draft.email, passwordHash: draft.passwordHash,
                claims: EndUserClaims(email: draft.email, name: draft.name), now: now)
            let spaceID = try await self.clientSpaceID(connection, email: draft.email, now: now)
            let row = try await connection.rows(
                """
                INSERT INTO developers (subject, email, name, client_space_id, email_verified_at, terms_version, terms_accepted_at,
                    created_at)
                VALUES (\(user.subject), \(draft.email), \(draft.name), \(spaceID), NULL, \(draft.termsVersion), \(now), \(now))
                RETURNING *
                """, logger: self.logger)[0]
            let developer = try Self.developer(from: row)
            try await self.recordChange(connection, .user, key: user.subject, now: now)
            return developer
        }
    }

    package func developer(subject: String) async throws -> Developer? {
        try await read { connection in
            try await connection.rows("SELECT * FROM developers WHERE subject = \(subject)", logger: self.logger).first.map(Self.developer(from:))
        }
    }

    package func developer(email: String) async throws -> Developer? {
        try await read { connection in
            try await connection.rows("SELECT * FROM developers WHERE lower(email) = lower(\(email))", logger: self.logger)
                .first.map(Self.developer(from:))
        }
    }

    package func developers(matching text: String?, limit: Int) async throws -> [Developer] {
        let pattern = text.map(containingPattern)
        return try await read { connection in
            try await connection.rows(
                """
                SELECT * FROM developers WHERE \(pattern)::text IS NULL OR email ILIKE \(pattern) OR name ILIKE \(pattern)
                ORDER BY lower(email) LIMIT \(limit)
                """, logger: self.logger
            ).map(Self.developer(from:))
        }
    }

    package func markEmailVerified(subject: String, at time: Date) async throws -> Developer {
        try await transaction { connection in
            guard
                let row = try await connection.rows(
                    """
                    UPDATE developers SET email_verified_at = coalesce(email_verified_at, \(time.timeIntervalSince1970))
                    WHERE subject = \(subject)
                    RETURNING *
                    """, logger: self.logger
                ).first
            else {
                throw StoreError.notFound("developer \(subject)")
            }
            return try Self.developer(from: row)
        }
    }

    private static func developer(from row: PostgresRandomAccessRow) throws -> Developer {
        Developer(
            subject: try row.value("subject"), email: try row.value("email"), name: try row.value("name"),
            clientSpaceID: try row.value("client_space_id"),
            emailVerifiedAt: try row.value("email_verified_at", as: Double?.self).map(Date.init(timeIntervalSince1970:)),
            termsVersion: try row.value("terms_version"), termsAcceptedAt: Date(timeIntervalSince1970: try row.value("terms_accepted_at")),
            createdAt: Date(timeIntervalSince1970: try row.value("created_at")))
    }

    // MARK: Single-use links

    package func saveLink(_ link: SingleUseLink) async throws {
        try await transaction { connection -> Void in
            try await connection.rows(
                """
                INSERT INTO single_use_links (digest, purpose, subject, created_at, expires_at, consumed_at)
                VALUES (\(link.digest.bytes), \(link.purpose.rawValue), \(link.subject), \(link.createdAt.timeIntervalSince1970),
                    \(link.expiresAt.timeIntervalSince1970), NULL)
                """, logger: self.logger)
        }
    }

    /// One conditional `UPDATE … RETURNING`: of concurrent redemptions, the others wait for the first one's row lock,
    /// then find the link consumed (ARCHITECTURE.md, "Single use is atomic in the database").
    package func redeemLink(digest: TokenDigest, purpose: SingleUseLink.Purpose, at now: Date) async throws -> String? {
        let time = now.timeIntervalSince1970
        return try await transaction { connection in
            try await connection.rows(
                """
                UPDATE single_use_links SET consumed_at = \(time)
                WHERE digest = \(digest.bytes) AND purpose = \(purpose.rawValue) AND consumed_at IS NULL AND expires_at > \(time)
                RETURNING subject
                """, logger: self.logger
            ).first?.value("subject")
        }
    }
}
