import Foundation
import OAuthCore
import PlatformStore
import PostgresNIO

// End users, their consents (grants) and the authorization codes issued under them; the ID token signing keys.
extension PostgresPlatformStore {
    package func createUser(username: String, passwordHash: String, claims: EndUserClaims) async throws -> EndUser {
        let now = self.now
        return try await transaction { connection in
            let user = try await self.insertUser(connection, username: username, passwordHash: passwordHash, claims: claims, now: now)
            try await self.recordChange(connection, .user, key: user.subject, now: now)
            return user
        }
    }

    /// Inserts an unlocked user; the unique index on lower(username) decides, whatever runs concurrently: a
    /// username taken whatever its case is ``StoreError/conflict(_:)``.
    func insertUser(
        _ connection: PostgresConnection, username: String, passwordHash: String, claims: EndUserClaims, now: Double
    ) async throws -> EndUser {
        let claimsJSON = String(decoding: try JSONEncoder().encode(claims), as: UTF8.self)
        let created = try await connection.rows(
            """
            INSERT INTO users (subject, username, password_hash, claims, locked, created_at, updated_at)
            VALUES (\(UUID().uuidString.lowercased()), \(username), \(passwordHash), \(claimsJSON), false, \(now), \(now))
            ON CONFLICT DO NOTHING
            RETURNING *
            """, logger: logger)
        guard let row = created.first else { throw StoreError.conflict("a user named \(username) already exists") }
        return try Self.user(from: row)
    }

    package func user(username: String) async throws -> EndUser? {
        try await read { connection in
            try await connection.rows("SELECT * FROM users WHERE lower(username) = lower(\(username))", logger: self.logger)
                .first.map(Self.user(from:))
        }
    }

    package func user(subject: String) async throws -> EndUser? {
        try await read { connection in
            try await connection.rows("SELECT * FROM users WHERE subject = \(subject)", logger: self.logger).first.map(Self.user(from:))
        }
    }

    package func users() async throws -> [EndUser] {
        try await read { connection in
            try await connection.rows("SELECT * FROM users ORDER BY lower(username) COLLATE \"C\", username COLLATE \"C\"", logger: self.logger)
                .map(Self.user(from:))
        }
    }

    /// A developer's account (their username is their client space's address) is locked in their space's audit trail.
    package func setLocked(_ locked: Bool, username: String) async throws -> EndUser {
        let now = self.now
        let event = AuditEvent(locked ? .accountLocked : .accountUnlocked)
        return try await updateUser(
            "UPDATE users SET locked = \(locked), updated_at = \(now) WHERE lower(username) = lower(\(username)) RETURNING *",
            designated: username, now: now
        ) { connection, user in
            try await self.audit(connection, event, email: user.username, now: now)
            guard locked else { return }
            try await connection.rows(
                """
                UPDATE issued_tokens SET revoked_at = \(now)
                WHERE grant_id IN (SELECT id FROM grants WHERE user_subject = \(user.subject)) AND revoked_at IS NULL
                """, logger: self.logger)
            try await connection.rows("UPDATE grants SET generation = generation + 1 WHERE user_subject = \(user.subject)", logger: self.logger)
        }
    }

    package func setPasswordHash(_ passwordHash: String, subject: String) async throws -> EndUser {
        let now = self.now
        return try await updateUser(
            "UPDATE users SET password_hash = \(passwordHash), updated_at = \(now) WHERE subject = \(subject) RETURNING *",
            designated: subject, now: now)
    }

    package func setAdministrator(_ isAdministrator: Bool, username: String) async throws -> EndUser {
        let now = self.now
        return try await updateUser(
            "UPDATE users SET administrator = \(isAdministrator), updated_at = \(now) WHERE lower(username) = lower(\(username)) RETURNING *",
            designated: username, now: now)
    }

    /// Runs `update`, an `UPDATE users … RETURNING *` of one user, then `alsoDo`, in one transaction; records the
    /// change in the feed and returns the user. ``StoreError/notFound(_:)`` when `update` matched none (the user
    /// `designated` so).
    private func updateUser(
        _ update: PostgresQuery, designated: String, now: Double,
        alsoDo: @escaping @Sendable (PostgresConnection, EndUser) async throws -> Void = { _, _ in }
    ) async throws -> EndUser {
        try await transaction { connection in
            guard let row = try await connection.rows(update, logger: self.logger).first else {
                throw StoreError.notFound("user \(designated)")
            }
            let user = try Self.user(from: row)
            try await alsoDo(connection, user)
            try await self.recordChange(connection, .user, key: user.subject, now: now)
            return user
        }
    }

    private static func user(from row: PostgresRandomAccessRow) throws -> EndUser {
        EndUser(
            subject: try row.value("subject"), username: try row.value("username"), passwordHash: try row.value("password_hash"),
            claims: try JSONDecoder().decode(EndUserClaims.self, from: Data(try row.value("claims", as: String.self).utf8)),
            locked: try row.value("locked"), isAdministrator: try row.value("administrator"),
            createdAt: Date(timeIntervalSince1970: try row.value("created_at")),
            updatedAt: Date(timeIntervalSince1970: try row.value("updated_at")))
    }

    // MARK: Grants and codes

    package func grant(userSubject: String, applicationID: String) async throws -> ConsentGrant? {
        try await read { connection in
            try await self.fetchGrant(connection, userSubject: userSubject, applicationID: applicationID, locking: false)
        }
    }

    package func grant(id: String) async throws -> ConsentGrant? {
        try await read { connection in
            try await connection.rows("SELECT * FROM grants WHERE id = \(id)", logger: self.logger).first.map(Self.grant(from:))
        }
    }

    package func grants(userSubject: String) async throws -> [ConsentGrant] {
        try await read { connection in
            try await connection.rows(
                "SELECT * FROM grants WHERE user_subject = \(userSubject) ORDER BY created_at, id COLLATE \"C\"", logger: self.logger
            ).map(Self.grant(from:))
        }
    }

    package func revokeGrant(id: String) async throws -> Bool {
        let now = self.now
        let event = AuditEvent(.consentWithdrawn)
        return try await transaction { connection in
            try await self.audit(connection, event, grantID: id, now: now)
            try await connection.rows(
                "UPDATE issued_tokens SET revoked_at = \(now) WHERE grant_id = \(id) AND revoked_at IS NULL", logger: self.logger)
            let deleted = try await connection.rows("DELETE FROM grants WHERE id = \(id) RETURNING 1", logger: self.logger)
            guard deleted.count == 1 else { return false }
            try await self.recordChange(connection, .grant, key: id, now: now)
            return true
        }
    }

    /// The union of scopes is computed while the grant's row is locked (`FOR UPDATE`), so that concurrent saves
    /// for one user and application all end in it; a first consent is an insert that a concurrent one cannot
    /// duplicate (`ON CONFLICT DO NOTHING`, then the lock).
    package func saveGrant(userSubject: String, applicationID: String, scope: Scopes) async throws -> ConsentGrant {
        let now = self.now
        return try await transaction { connection in
            let inserted = try await connection.rows(
                """
                INSERT INTO grants (id, user_subject, application_id, scope, created_at, updated_at)
                VALUES (\(UUID().uuidString.lowercased()), \(userSubject), \(applicationID), \(scope.description), \(now), \(now))
                ON CONFLICT (user_subject, application_id) DO NOTHING
                RETURNING *
                """, logger: self.logger)
            var grant: ConsentGrant
            if let row = inserted.first {
                grant = try Self.grant(from: row)
            } else {
                guard let existing = try await self.fetchGrant(connection, userSubject: userSubject, applicationID: applicationID, locking: true)
                else {
                    throw StoreError.conflict("the grant of \(userSubject) to \(applicationID) was withdrawn meanwhile")
                }
                grant = existing
                grant.scope = Scopes(existing.scope.tokens.union(scope.tokens))
                grant.updatedAt = Date(timeIntervalSince1970: now)
                try await connection.rows(
                    "UPDATE grants SET scope = \(grant.scope.description), updated_at = \(now) WHERE id = \(grant.id)", logger: self.logger)
            }
            try await self.recordChange(connection, .grant, key: grant.id, now: now)
            return grant
        }
    }

    package func saveCode(_ code: AuthorizationCode) async throws {
        try await transaction { connection -> Void in
            try await connection.rows(
                """
                INSERT INTO authorization_codes (digest, grant_id, redirect_uri, scope, code_challenge, nonce, acr,
                    auth_time, session_id, issued_at, expires_at, consumed_at)
                VALUES (\(code.digest.bytes), \(code.grantID), \(code.redirectURI), \(code.scope.description), \(code.codeChallenge),
                    \(code.nonce), \(code.acr), \(code.authTime.timeIntervalSince1970), \(code.sessionID), \(code.issuedAt.timeIntervalSince1970),
                    \(code.expiresAt.timeIntervalSince1970), NULL)
                """, logger: self.logger)
        }
    }

    /// One conditional `UPDATE … WHERE consumed_at IS NULL AND expires_at > now RETURNING`: of concurrent
    /// redemptions, the others wait for the first one's row lock, then find the code consumed (ARCHITECTURE.md,
    /// "Single use is atomic in the database").
    package func redeemCode(digest: TokenDigest, at now: Date) async throws -> CodeRedemption {
        let time = now.timeIntervalSince1970
        let event = AuditEvent(.grantRevokedByReplayedCode)
        return try await transaction { connection in
            let consumed = try await connection.rows(
                """
                UPDATE authorization_codes AS code SET consumed_at = \(time)
                WHERE digest = \(digest.bytes) AND consumed_at IS NULL AND expires_at > \(time)
                RETURNING code.*, (SELECT generation FROM grants WHERE id = code.grant_id) AS generation
                """, logger: self.logger)
            if let row = consumed.first {
                return .redeemed(try Self.code(from: row), grantGeneration: try row.value("generation", as: Int?.self) ?? 0)
            }
            guard
                let row = try await connection.rows(
                    "SELECT * FROM authorization_codes WHERE digest = \(digest.bytes)", logger: self.logger
                ).first
            else {
                return .unknown
            }
            guard try row.value("consumed_at", as: Double?.self) != nil else { return .expired }
            let grantID: String = try row.value("grant_id")
            try await self.audit(connection, event, grantID: grantID, now: time)
            try await self.revokeTokens(connection, grantID: grantID, now: time)
            return .replayed(grantID: grantID)
        }
    }

    package func revokeTokens(grantID: String) async throws {
        let now = self.now
        try await transaction { connection in try await self.revokeTokens(connection, grantID: grantID, now: now) }
    }

    private func revokeTokens(_ connection: PostgresConnection, grantID: String, now: Double) async throws {
        try await connection.rows(
            "UPDATE issued_tokens SET revoked_at = \(now) WHERE grant_id = \(grantID) AND revoked_at IS NULL", logger: logger)
        try await connection.rows("UPDATE grants SET generation = generation + 1 WHERE id = \(grantID)", logger: logger)
        try await recordChange(connection, .grant, key: grantID, now: now)
    }

    private func fetchGrant(
        _ connection: PostgresConnection, userSubject: String, applicationID: String, locking: Bool
    ) async throws -> ConsentGrant? {
        try await connection.rows(
            """
            SELECT * FROM grants WHERE user_subject = \(userSubject) AND application_id = \(applicationID)
            \(unescaped: locking ? "FOR UPDATE" : "")
            """, logger: logger
        ).first.map(Self.grant(from:))
    }

    private static func grant(from row: PostgresRandomAccessRow) throws -> ConsentGrant {
        ConsentGrant(
            id: try row.value("id"), userSubject: try row.value("user_subject"), applicationID: try row.value("application_id"),
            scope: Scopes(parsing: try row.value("scope", as: String.self)), generation: try row.value("generation"),
            createdAt: Date(timeIntervalSince1970: try row.value("created_at")),
            updatedAt: Date(timeIntervalSince1970: try row.value("updated_at")))
    }

    private static func code(from row: PostgresRandomAccessRow) throws -> AuthorizationCode {
        AuthorizationCode(
            digest: TokenDigest(bytes: try row.value("digest")), grantID: try row.value("grant_id"),
            redirectURI: try row.value("redirect_uri"), scope: Scopes(parsing: try row.value("scope", as: String.self)),
            codeChallenge: try row.value("code_challenge"), nonce: try row.value("nonce"), acr: try row.value("acr"),
            authTime: Date(timeIntervalSince1970: try row.value("auth_time")), sessionID: try row.value("session_id"),
            issuedAt: Date(timeIntervalSince1970: try row.value("issued_at")),
            expiresAt: Date(timeIntervalSince1970: try row.value("expires_at")))
    }

    // MARK: Signing keys

    package func addSigningKey(_ key: SigningKey, unlessOneSignsFrom threshold: Date?) async throws -> Bool {
        try await transaction { connection in
            // Instances rotating together serialise on the table's lock; the second then sees the first one's key.
            if let threshold {
                try await connection.rows("LOCK TABLE signing_keys IN SHARE ROW EXCLUSIVE MODE", logger: self.logger)
                let scheduled = try await connection.rows(
                    "SELECT 1 FROM signing_keys WHERE signs_from >= \(threshold.timeIntervalSince1970) LIMIT 1", logger: self.logger)
                if !scheduled.isEmpty { return false }
            }
            try await connection.rows(
                """
                INSERT INTO signing_keys (kid, algorithm, sealed_private_key, created_at, signs_from)
                VALUES (\(key.kid), \(key.algorithm), \(key.sealedPrivateKey), \(key.createdAt.timeIntervalSince1970),
                    \(key.signsFrom.timeIntervalSince1970))
                """, logger: self.logger)
            try await self.recordChange(connection, .signingKey, key: key.kid, now: key.createdAt.timeIntervalSince1970)
            return true
        }
    }

    package func signingKeys() async throws -> [SigningKey] {
        try await read { connection in
            try await connection.rows("SELECT * FROM signing_keys ORDER BY created_at, kid COLLATE \"C\"", logger: self.logger).map { row in
                SigningKey(
                    kid: try row.value("kid"), algorithm: try row.value("algorithm"), sealedPrivateKey: try row.value("sealed_private_key"),
                    createdAt: Date(timeIntervalSince1970: try row.value("created_at")),
                    signsFrom: Date(timeIntervalSince1970: try row.value("signs_from")))
            }
        }
    }
}
