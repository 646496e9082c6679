import Foundation
import GRDB
import OAuthCore
import PlatformStore
import PlatformStoreSQLite
import PlatformTesting
import Testing

/// Migrations of databases made by earlier versions: what they revoked stays revoked.
@Suite struct SQLiteMigrationTests {
    /// The rows the later tests start from: the application `app-id` (id `app`), the user `alice`, her grant `grant`.
    static let anApplicationAliceConsentedTo = """
                INSERT INTO client_spaces (id, email, created_at) VALUES ('space', 'dev@example.com', 0);
                INSERT INTO applications (id, client_space_id, name, client_id, secret_digest, sealed_secret, status,
                    created_at, updated_at)
                VALUES ('app', 'space', 'app', 'app-id', x'00', x'00', 'active', 0, 0);
                INSERT INTO users (subject, username, password_hash, claims, created_at, updated_at)
                VALUES ('alice', 'alice', 'x', '{}', 0, 0);
                INSERT INTO grants (id, user_subject, application_id, scope, created_at, updated_at)
                VALUES ('grant', 'alice', 'app', 'openid', 0, 0);
        """

    /// A store on a database made by an earlier version: migrated up to `migration`, given `rows`, then opened (which
    /// applies the later migrations).
    func openStore(migratedUpTo migration: String, with rows: String) async throws -> SQLitePlatformStore {
        let path = TemporaryDirectory().path + "/old.sqlite"
        do {
            let pool = try DatabasePool(path: path)
            try SQLiteSchema.migrator.migrate(pool, upTo: migration)
            try await pool.write { db in try db.execute(sql: rows) }
        }
        return try SQLitePlatformStore(path: path)
    }

    /// Version 8 revoked by time (`tokens_not_before`); version 9 by generation. A token issued before its
    /// application's or its grant's cut-off is of an older generation after the migration, one issued since is not.
    @Test func revocationsByTimeBecomeGenerations() async throws {
        let store = try await openStore(
            migratedUpTo: "v8: token revocation by grant, acr of codes",
            with: """
                INSERT INTO client_spaces (id, email, created_at) VALUES ('space', 'dev@example.com', 0);
                INSERT INTO applications (id, client_space_id, name, client_id, secret_digest, sealed_secret, status,
                    created_at, updated_at, tokens_not_before)
                VALUES ('renewed', 'space', 'renewed', 'renewed-id', x'00', x'00', 'active', 0, 0, 1000),
                    ('untouched', 'space', 'untouched', 'untouched-id', x'00', x'00', 'active', 0, 0, NULL);
                INSERT INTO users (subject, username, password_hash, claims, created_at, updated_at)
                VALUES ('alice', 'alice', 'x', '{}', 0, 0);
                INSERT INTO grants (id, user_subject, application_id, scope, created_at, updated_at, tokens_not_before)
                VALUES ('replayed', 'alice', 'untouched', 'openid', 0, 0, 2000);
                INSERT INTO issued_tokens (digest, application_id, kind, grant_id, issued_at, expires_at)
                VALUES (x'01', 'renewed', 'access', NULL, 900, 9999),
                    (x'02', 'renewed', 'access', NULL, 1100, 9999),
                    (x'03', 'untouched', 'access', NULL, 900, 9999),
                    (x'04', 'untouched', 'access', 'replayed', 1900, 9999),
                    (x'05', 'untouched', 'refresh', 'replayed', 2100, 9999);
                """)
        #expect(try await store.application(clientID: "renewed-id")?.credentialGeneration == 1)
        #expect(try await store.application(clientID: "untouched-id")?.credentialGeneration == 0)
        #expect(try await store.grant(id: "replayed")?.generation == 1)
        func generations(_ byte: UInt8) async throws -> [Int]? {
            try await store.token(digest: TokenDigest(bytes: Data([byte]))).map { [$0.credentialGeneration, $0.grantGeneration] }
        }
        #expect(try await generations(1) == [0, 0], "issued before the renewal: refused")
        #expect(try await generations(2) == [1, 0], "issued after the renewal: valid")
        #expect(try await generations(3) == [0, 0], "never revoked: valid")
        #expect(try await generations(4) == [0, 0], "issued before the replay: refused")
        #expect(try await generations(5) == [0, 1], "issued after the replay: valid")
    }

    /// Version 10 adds what the gateway does when the shared limiter cannot be reached: existing APIs fail closed
    /// (issue 11, item 4: "closed by default").
    @Test func existingAPIsFailClosed() async throws {
        let store = try await openStore(
            migratedUpTo: "v9: revocation by generation, not by clock",
            with: """
                INSERT INTO apis (id, name, base_path, upstream, status, created_at, updated_at)
                VALUES ('poi', 'poi', '/poi/v1', 'http://127.0.0.1:9', 'live', 0, 0)
                """)
        #expect(try await store.api(named: "poi")?.limitFallback == .closed)
    }

    /// Version 11 gives subscriptions an id and a status (issue 12): the existing ones are active, so that the gateway
    /// and the token endpoint still count them, each with an id of its own; existing applications have no description.
    @Test func existingSubscriptionsAreActiveWithAnID() async throws {
        let store = try await openStore(
            migratedUpTo: "v10: what the gateway does when the shared limiter cannot be reached",
            with: """
                INSERT INTO client_spaces (id, email, created_at) VALUES ('space', 'dev@example.com', 0);
                INSERT INTO applications (id, client_space_id, name, client_id, secret_digest, sealed_secret, status,
                    created_at, updated_at)
                VALUES ('app', 'space', 'app', 'app-id', x'00', x'00', 'active', 0, 0);
                INSERT INTO apis (id, name, base_path, upstream, status, created_at, updated_at)
                VALUES ('poi', 'poi', '/poi/v1', 'http://127.0.0.1:9', 'live', 0, 0),
                    ('cloud', 'cloud', '/cloud/v1', 'http://127.0.0.1:9', 'live', 0, 0);
                INSERT INTO subscriptions (application_id, api_id, created_at, quota)
                VALUES ('app', 'poi', 0, '100/day'), ('app', 'cloud', 0, NULL);
                """)
        let app = try #require(try await store.application(clientID: "app-id"))
        #expect(app.subscriptions == ["cloud", "poi"])
        #expect(app.limitOverrides == ["poi": Limits(quota: Allowance("100/day"))])
        #expect(app.description == "" && app.credential.previousSecretValidUntil == nil)
        let subscriptions = try await store.subscriptions(clientID: "app-id")
        #expect(subscriptions.map(\.status) == [.active, .active])
        #expect(Set(subscriptions.map(\.id)).count == 2)
        #expect(!subscriptions.contains { $0.id.isEmpty })
    }

    /// Version 15 makes the applications' activity (v11) the first entries of the audit trail (issue 13, item 3): an
    /// actor `operator` was the command line, any other a developer; each entry gets its application's client space and
    /// client_id, and entries of one instant keep their order.
    @Test func theActivityBecomesTheAuditTrail() async throws {
        let store = try await openStore(
            migratedUpTo: "v14: usage by application, API, hour and outcome",
            with: """
                INSERT INTO client_spaces (id, email, created_at) VALUES ('space', 'dev@example.com', 0);
                INSERT INTO applications (id, client_space_id, name, client_id, secret_digest, sealed_secret, status,
                    created_at, updated_at)
                VALUES ('app', 'space', 'app', 'app-id', x'00', x'00', 'active', 0, 0);
                INSERT INTO application_activity (application_id, at, kind, actor, detail)
                VALUES ('app', 100, 'created', 'dev@example.com', NULL),
                    ('app', 200, 'subscription-approved', 'operator', 'poi'),
                    ('app', 200, 'secret-revealed', 'dev@example.com', NULL);
                """)
        let trail = try await store.auditTrail(AuditQuery(clientSpaceID: "space"))
        #expect(trail.map(\.action) == [.secretRevealed, .subscriptionApproved, .created])
        #expect(trail.map(\.actor) == [
            AuditActor(kind: .developer, name: "dev@example.com"), AuditActor(kind: .operator, name: "operator"),
            AuditActor(kind: .developer, name: "dev@example.com"),
        ])
        #expect(trail.map(\.at) == [200, 200, 100].map(Date.init(timeIntervalSince1970:)))
        #expect(trail.allSatisfy { $0.clientID == "app-id" } && trail[1].detail == "poi")
    }

    /// Version 18 moves the tokens to a rowid table (issue 15, item 2): each keeps every field and is found by its
    /// digest, which stays unique.
    @Test func tokensKeepTheirFieldsInIssueOrder() async throws {
        let store = try await openStore(
            migratedUpTo: "v17: what each API proxy enforces besides tokens and limits",
            with: Self.anApplicationAliceConsentedTo + """
                INSERT INTO issued_tokens (digest, application_id, kind, grant_id, scope, issued_at, expires_at, revoked_at,
                    credential_generation, grant_generation, auth_time)
                VALUES (x'02', 'app', 'refresh', 'grant', 'openid offline_access', 200, 9999, NULL, 3, 2, 150),
                    (x'01', 'app', 'access', NULL, NULL, 100, 3700, 500, 1, 0, NULL);
                """)
        let refresh = try #require(try await store.token(digest: TokenDigest(bytes: Data([2]))))
        #expect(refresh == IssuedToken(
            digest: TokenDigest(bytes: Data([2])), applicationID: "app", kind: .refresh, grantID: "grant",
            scope: "openid offline_access", credentialGeneration: 3, grantGeneration: 2,
            issuedAt: Date(timeIntervalSince1970: 200), expiresAt: Date(timeIntervalSince1970: 9999),
            authTime: Date(timeIntervalSince1970: 150)))
        let access = try #require(try await store.token(digest: TokenDigest(bytes: Data([1]))))
        #expect(access.revokedAt == Date(timeIntervalSince1970: 500) && access.credentialGeneration == 1 && access.grantID == nil)
        await #expect(throws: StoreError.self, "a digest is still unique") { try await store.saveToken(access) }
    }

    /// Version 20 (issue 16, item 1): an application registered before sign-out existed has registered nothing for it,
    /// and a code issued before has no session.
    @Test func applicationsAndCodesFromBeforeSignOutHaveNoneOfIt() async throws {
        let store = try await openStore(
            migratedUpTo: "v18: tokens appended in issue order, found by a unique digest index",
            with: Self.anApplicationAliceConsentedTo + """
                INSERT INTO authorization_codes (digest, grant_id, redirect_uri, scope, auth_time, issued_at, expires_at)
                VALUES (x'03', 'grant', 'https://a.example/cb', 'openid', 100, 100, 9999);
                """)
        #expect(try await store.application(clientID: "app-id")?.logout == LogoutRegistration())
        guard case .redeemed(let code, _) = try await store.redeemCode(digest: TokenDigest(bytes: Data([3])), at: Date(timeIntervalSince1970: 200))
        else {
            Issue.record("the code is redeemed")
            return
        }
        #expect(code.sessionID == nil)
    }

    /// Version 24 (issue 16, item 6): a database from before the device flow gains its table, empty and usable.
    @Test func aDatabaseFromBeforeTheDeviceFlowGainsDeviceAuthorizations() async throws {
        let store = try await openStore(
            migratedUpTo: "v21: signing keys published ahead of use", with: Self.anApplicationAliceConsentedTo)
        let digest = TokenDigest(of: "device-code")
        #expect(try await store.pollDeviceAuthorization(digest: digest, applicationID: "app", at: Date(timeIntervalSince1970: 100)) == .unknown)
        try await store.saveDeviceAuthorization(
            DeviceAuthorization(
                deviceCodeDigest: digest, userCode: "BCDFGHJK", applicationID: "app", scope: ["openid"], interval: 5,
                issuedAt: Date(timeIntervalSince1970: 100), expiresAt: Date(timeIntervalSince1970: 700)))
        #expect(try await store.pendingDeviceAuthorization(userCode: "BCDFGHJK", at: Date(timeIntervalSince1970: 200))?.applicationID == "app")
    }

    /// Version 23 (issue 16, item 5): an application of before pushed authorization requests is not required to push,
    /// and can push from now on.
    @Test func applicationsFromBeforePushedRequestsAreNotRequiredToPush() async throws {
        let store = try await openStore(migratedUpTo: "v21: signing keys published ahead of use", with: Self.anApplicationAliceConsentedTo)
        let application = try #require(try await store.application(clientID: "app-id"))
        #expect(!application.requiresPushedAuthorizationRequests)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let pushed = PushedAuthorizationRequest(
            digest: TokenDigest(of: "pushed"), applicationID: application.id, parameters: [.init("scope", "openid")], createdAt: now,
            expiresAt: now + 60)
        #expect(try await store.savePushedRequest(pushed, unlessWaiting: 1))
        #expect(try await store.consumePushedRequest(digest: pushed.digest, applicationID: application.id, at: now) == pushed)
        #expect(try await store.setRequiresPushedAuthorizationRequests(true, clientID: "app-id").requiresPushedAuthorizationRequests)
    }
}
