import Foundation
import GRDB
import OAuthCore
import PlatformStore
import Tracing

/// The embedded default store: one SQLite file in WAL mode, shared safely by the server and the CLI.
///
/// Writes are transactions (`BEGIN IMMEDIATE`); each change to an application or API appends its change-feed
/// row in the same transaction. `synchronous = NORMAL` in WAL mode loses nothing when a process stops or
/// crashes; only a power cut may lose the last transactions.
package final class SQLitePlatformStore: PlatformStore {
    let pool: DatabasePool
    let clock: WallClock
    let metrics: DatabaseMetrics
    /// Makes a span of each read and write transaction inside a traced request (issue 14, item 2).
    let tracer: any Tracer
    /// The tokens issued at once, written in one transaction (issue 15, item 2).
    private let tokenWriter: GroupCommit<IssuedToken>

    /// Opens (creating if needed) the database at `path` and applies the pending migrations; its calls are measured
    /// in `metrics` (issue 14, item 1) and, inside a traced request, spanned by `tracer` (item 2).
    package init(
        path: String, clock: WallClock = .system, metrics: DatabaseMetrics = DatabaseMetrics(driver: "sqlite"),
        tracer: any Tracer = NoOpTracer()
    ) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        self.pool = pool
        self.clock = clock
        self.metrics = metrics
        self.tracer = tracer
        tokenWriter = GroupCommit(maximumBatch: 500) { tokens in
            try await pool.write { db in try Self.insert(tokens, into: db) }
        }
        try SQLiteSchema.migrator.migrate(pool)
    }

    package func checkHealth() async throws {
        _ = try await read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }

    /// Nothing to do: GRDB closes the file when the last reference to the store goes.
    package func shutdown() async {}

    /// A write transaction (`BEGIN IMMEDIATE`: writers are serialised, so the change feed's sequence order is its
    /// commit order). A unique or primary-key violation becomes ``StoreError/conflict(_:)``.
    func write<T: Sendable>(function: String = #function, _ updates: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await ChildSpan.database("sqlite", function: function, tracer: tracer) {
                try await metrics.measure(writes: true) { try await pool.write(updates) }
            }
        } catch let error as DatabaseError
            where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE || error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY
        {
            throw StoreError.conflict("already exists: \(error.message ?? "unique constraint")")
        }
    }

    /// A read on one of the pool's readers (WAL: never blocked by the writer), measured and spanned.
    func read<T: Sendable>(function: String = #function, _ value: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await ChildSpan.database("sqlite", function: function, tracer: tracer) {
            try await metrics.measure(writes: false) { try await pool.read(value) }
        }
    }

    // MARK: Applications

    package func createApplication(_ draft: ApplicationDraft) async throws -> ClientApplication {
        let now = clock.now().timeIntervalSince1970
        let event = AuditEvent(.created, detail: draft.name)
        return try await write { db in
            let spaceID = try Self.clientSpaceID(db, email: draft.email, now: now)
            let applicationID = UUID().uuidString.lowercased()
            try db.execute(
                sql: """
                    INSERT INTO applications (id, client_space_id, name, description, client_id, secret_digest, sealed_secret,
                        previous_secret_digest, status, may_introspect, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, NULL, 'active', ?, ?, ?)
                    """,
                arguments: [
                    applicationID, spaceID, draft.name, draft.description, draft.clientID, draft.credential.secretDigest,
                    draft.credential.sealedSecret, draft.mayIntrospect, now, now,
                ])
            for uri in Set(draft.redirectURIs) {
                try db.execute(
                    sql: "INSERT INTO redirect_uris (application_id, uri) VALUES (?, ?)", arguments: [applicationID, uri])
            }
            for apiName in Set(draft.subscriptions) {
                try Self.upsertSubscription(db, applicationID: applicationID, apiName: apiName, limits: .none, now: now)
            }
            try Self.recordChange(db, .application, key: draft.clientID, now: now)
            try Self.audit(db, event, clientID: draft.clientID, now: now)
            return try Self.fetchApplication(db, clientID: draft.clientID)!
        }
    }

    /// The id of the client space of `email`, whatever its case, created if the address has none (seed 002: "only
    /// one client space can be associated with one email address"). Writers are serialised (`BEGIN IMMEDIATE`): no
    /// other transaction can create the space between the look-up and the insert.
    static func clientSpaceID(_ db: Database, email: String, now: Double) throws -> String {
        if let existing = try String.fetchOne(db, sql: "SELECT id FROM client_spaces WHERE email = ?", arguments: [email]) {
            return existing
        }
        let spaceID = UUID().uuidString.lowercased()
        try db.execute(sql: "INSERT INTO client_spaces (id, email, created_at) VALUES (?, ?, ?)", arguments: [spaceID, email, now])
        return spaceID
    }

    package func application(clientID: String) async throws -> ClientApplication? {
        try await read { db in try Self.fetchApplication(db, clientID: clientID) }
    }

    package func applications() async throws -> [ClientApplication] {
        try await read { db in try Self.fetchApplications(db, whereClause: "", arguments: []) }
    }

    package func applications(clientSpaceID: String, offset: Int, limit: Int) async throws -> ApplicationPage {
        try await read { db in
            ApplicationPage(
                applications: try Self.fetchApplications(
                    db, whereClause: "WHERE a.client_space_id = ?", arguments: [clientSpaceID, min(limit, Int(Int64.max)), offset],
                    suffix: "LIMIT ? OFFSET ?"),
                total: try Int.fetchOne(db, sql: "SELECT count(*) FROM applications WHERE client_space_id = ?", arguments: [clientSpaceID]) ?? 0)
        }
    }

    package func updateApplication(clientID: String, name: String, description: String) async throws -> ClientApplication {
        try await updateApplication(clientID: clientID, AuditEvent(.edited, detail: name)) { db, applicationID, _ in
            try db.execute(
                sql: "UPDATE applications SET name = ?, description = ? WHERE id = ?", arguments: [name, description, applicationID])
        }
    }

    /// One `DELETE`: the foreign keys cascade to the application's redirect URIs, subscriptions, tokens and grants, and
    /// from the grants to their codes. The grants' changes are recorded too, so that the followers forget the consents
    /// they cached. The audit trail keeps the application's entries, and one more saying it is gone.
    package func deleteApplication(clientID: String) async throws -> Bool {
        let now = clock.now().timeIntervalSince1970
        let actor = AuditActor.current
        return try await write { db in
            let name = try String.fetchOne(db, sql: "SELECT name FROM applications WHERE client_id = ?", arguments: [clientID])
            try Self.audit(db, AuditEvent(.deleted, detail: name, by: actor), clientID: clientID, now: now)
            let grantIDs = try String.fetchAll(
                db, sql: "SELECT g.id FROM grants g JOIN applications a ON a.id = g.application_id WHERE a.client_id = ?",
                arguments: [clientID])
            try db.execute(sql: "DELETE FROM applications WHERE client_id = ?", arguments: [clientID])
            guard db.changesCount == 1 else { return false }
            for grantID in grantIDs { try Self.recordChange(db, .grant, key: grantID, now: now) }
            try Self.recordChange(db, .application, key: clientID, now: now)
            return true
        }
    }

    package func setStatus(_ status: ApplicationStatus, clientID: String) async throws -> ClientApplication {
        try await updateApplication(clientID: clientID, AuditEvent(status == .suspended ? .suspended : .resumed)) { db, _, now in
            try db.execute(
                sql: "UPDATE applications SET status = ?, updated_at = ? WHERE client_id = ?",
                arguments: [status.rawValue, now, clientID])
        }
    }

    package func replaceCredential(_ credential: StoredCredential, clientID: String) async throws -> ClientApplication {
        try await updateApplication(clientID: clientID, AuditEvent(.secretRenewed)) { db, _, now in
            try db.execute(
                sql: """
                    UPDATE applications SET secret_digest = ?, sealed_secret = ?, previous_secret_digest = ?,
                        previous_secret_valid_until = ?, credential_generation = credential_generation + 1
                    WHERE client_id = ?
                    """,
                arguments: [
                    credential.secretDigest, credential.sealedSecret, credential.previousSecretDigest,
                    credential.previousSecretValidUntil?.timeIntervalSince1970, clientID,
                ])
        }
    }

    package func revokeTokens(clientID: String) async throws -> ClientApplication {
        try await updateApplication(clientID: clientID, AuditEvent(.tokensRevoked)) { db, applicationID, _ in
            try db.execute(
                sql: """
                    UPDATE applications SET credential_generation = credential_generation + 1, previous_secret_valid_until = NULL
                    WHERE id = ?
                    """,
                arguments: [applicationID])
        }
    }

    package func subscribe(clientID: String, apiName: String, limits: Limits) async throws -> ClientApplication {
        try await updateApplication(clientID: clientID, .subscribed(to: apiName, limits: limits)) { db, applicationID, now in
            try Self.upsertSubscription(db, applicationID: applicationID, apiName: apiName, limits: limits, now: now)
        }
    }

    package func unsubscribe(clientID: String, apiName: String) async throws -> ClientApplication {
        try await updateApplication(clientID: clientID, AuditEvent(.unsubscribed, detail: apiName)) { db, applicationID, _ in
            try db.execute(
                sql: "DELETE FROM subscriptions WHERE application_id = ? AND api_id = (SELECT id FROM apis WHERE name = ?)",
                arguments: [applicationID, apiName])
            guard db.changesCount == 1 else {
                throw StoreError.notFound("subscription of \(clientID) to API \(apiName)")
            }
        }
    }

    package func setRedirectURIs(_ redirectURIs: [String], clientID: String) async throws -> ClientApplication {
        let event = AuditEvent(.redirectURIsChanged, detail: Set(redirectURIs).sorted().joined(separator: " "))
        return try await updateApplication(clientID: clientID, event) { db, applicationID, _ in
            try db.execute(sql: "DELETE FROM redirect_uris WHERE application_id = ?", arguments: [applicationID])
            for uri in Set(redirectURIs) {
                try db.execute(
                    sql: "INSERT INTO redirect_uris (application_id, uri) VALUES (?, ?)", arguments: [applicationID, uri])
            }
        }
    }

    package func setLogout(_ logout: LogoutRegistration, clientID: String) async throws -> ClientApplication {
        let uris = String(decoding: try JSONEncoder().encode(Set(logout.postLogoutRedirectURIs).sorted()), as: UTF8.self)
        return try await updateApplication(clientID: clientID, AuditEvent(.logoutURIsChanged, detail: logout.description)) { db, applicationID, _ in
            try db.execute(
                sql: "UPDATE applications SET post_logout_redirect_uris = ?, backchannel_logout_uri = ? WHERE id = ?",
                arguments: [uris, logout.backchannelLogoutURI, applicationID])
        }
    }

    package func setMayIntrospect(_ mayIntrospect: Bool, clientID: String) async throws -> ClientApplication {
        try await updateApplication(clientID: clientID, AuditEvent(mayIntrospect ? .introspectionAllowed : .introspectionDenied)) {
            db, applicationID, _ in
            try db.execute(sql: "UPDATE applications SET may_introspect = ? WHERE id = ?", arguments: [mayIntrospect, applicationID])
        }
    }

    package func setRequiresPushedAuthorizationRequests(_ required: Bool, clientID: String) async throws -> ClientApplication {
        try await updateApplication(clientID: clientID, AuditEvent(required ? .pushedRequestsRequired : .pushedRequestsOptional)) {
            db, applicationID, _ in
            try db.execute(
                sql: "UPDATE applications SET requires_pushed_authorization_requests = ? WHERE id = ?", arguments: [required, applicationID])
        }
    }

    /// Runs `change` on an existing application, records it in the change feed and `event` in the audit trail, and
    /// returns the new state.
    private func updateApplication(
        clientID: String, _ event: AuditEvent, _ change: @escaping @Sendable (Database, _ applicationID: String, _ now: Double) throws -> Void
    ) async throws -> ClientApplication {
        let now = clock.now().timeIntervalSince1970
        return try await write { db in
            try Self.changeApplication(db, clientID: clientID, now: now, event) { applicationID in try change(db, applicationID, now) }
            return try Self.fetchApplication(db, clientID: clientID)!
        }
    }

    /// Runs `change` on the existing application `clientID` in `db`'s transaction, dates the application and records
    /// the change in the feed and `event` in the audit trail; ``StoreError/notFound(_:)`` when there is no such
    /// application.
    static func changeApplication<T>(
        _ db: Database, clientID: String, now: Double, _ event: AuditEvent, _ change: (_ applicationID: String) throws -> T
    ) throws -> T {
        guard let applicationID = try String.fetchOne(db, sql: "SELECT id FROM applications WHERE client_id = ?", arguments: [clientID])
        else {
            throw StoreError.notFound("application \(clientID)")
        }
        try db.execute(sql: "UPDATE applications SET updated_at = ? WHERE id = ?", arguments: [now, applicationID])
        let result = try change(applicationID)
        try recordChange(db, .application, key: clientID, now: now)
        try audit(db, event, clientID: clientID, now: now)
        return result
    }

    /// The operator's subscription: made, or made active again whatever its status, with `limits` (issue 12: an
    /// operator's word needs no approval).
    private static func upsertSubscription(
        _ db: Database, applicationID: String, apiName: String, limits: Limits, now: Double
    ) throws {
        let apiID = try self.apiID(db, name: apiName)
        try db.execute(
            sql: """
                INSERT INTO subscriptions (id, application_id, api_id, status, created_at, rate_limit, quota)
                VALUES (?, ?, ?, 'active', ?, ?, ?)
                ON CONFLICT (application_id, api_id) DO UPDATE SET status = 'active', reason = NULL,
                    rate_limit = excluded.rate_limit, quota = excluded.quota
                """,
            arguments: [UUID().uuidString.lowercased(), applicationID, apiID, now, limits.rate?.description, limits.quota?.description])
    }

    /// The id of the API `name`; ``StoreError/notFound(_:)`` when there is none.
    static func apiID(_ db: Database, name: String) throws -> String {
        guard let apiID = try String.fetchOne(db, sql: "SELECT id FROM apis WHERE name = ?", arguments: [name]) else {
            throw StoreError.notFound("API \(name)")
        }
        return apiID
    }

    private static func fetchApplication(_ db: Database, clientID: String) throws -> ClientApplication? {
        try fetchApplications(db, whereClause: "WHERE a.client_id = ?", arguments: [clientID]).first
    }

    /// The applications `whereClause` and `suffix` select, with their redirect URIs and active subscriptions read by
    /// two more statements over the same selection. (Subqueries per application aggregated to JSON, then decoded,
    /// took a fifth of the server's CPU under bench/portal's MyApps load; these three statements take a tenth.)
    private static func fetchApplications(
        _ db: Database, whereClause: String, arguments: StatementArguments, suffix: String = ""
    ) throws -> [ClientApplication] {
        let selection = "FROM applications a JOIN client_spaces s ON s.id = a.client_space_id \(whereClause) ORDER BY a.created_at, a.id \(suffix)"
        let rows = try Row.fetchAll(db, sql: "SELECT a.*, s.email \(selection)", arguments: arguments)
        var redirectURIs: [String: [String]] = [:]
        let uris = try Row.fetchCursor(
            db, sql: "SELECT application_id, uri FROM redirect_uris WHERE application_id IN (SELECT a.id \(selection)) ORDER BY uri",
            arguments: arguments)
        while let row = try uris.next() { redirectURIs[row[0], default: []].append(row[1]) }
        var subscriptions: [String: [(api: String, limits: Limits)]] = [:]
        let subscribed = try Row.fetchCursor(
            db,
            sql: """
                SELECT sub.application_id, p.name, sub.rate_limit, sub.quota FROM subscriptions sub JOIN apis p ON p.id = sub.api_id
                WHERE sub.status = 'active' AND sub.application_id IN (SELECT a.id \(selection)) ORDER BY p.name
                """,
            arguments: arguments)
        while let row = try subscribed.next() {
            subscriptions[row[0], default: []].append((row[1], try StoredValue.limits(rate: row[2], quota: row[3])))
        }
        return try rows.map { row in
            let id: String = row["id"]
            let subscribed = subscriptions[id] ?? []
            return ClientApplication(
                id: id, clientSpaceID: row["client_space_id"], email: row["email"], name: row["name"],
                description: row["description"], clientID: row["client_id"],
                credential: StoredCredential(
                    secretDigest: row["secret_digest"], sealedSecret: row["sealed_secret"],
                    previousSecretDigest: row["previous_secret_digest"],
                    previousSecretValidUntil: (row["previous_secret_valid_until"] as Double?).map(Date.init(timeIntervalSince1970:))),
                status: try StoredValue.decode(ApplicationStatus.self, row["status"]),
                redirectURIs: redirectURIs[id] ?? [],
                logout: LogoutRegistration(
                    postLogoutRedirectURIs: try JSONDecoder().decode([String].self, from: Data((row["post_logout_redirect_uris"] as String).utf8)),
                    backchannelLogoutURI: row["backchannel_logout_uri"]),
                subscriptions: subscribed.map(\.api),
                limitOverrides: Dictionary(uniqueKeysWithValues: subscribed.filter { $0.limits != .none }.map { ($0.api, $0.limits) }),
                credentialGeneration: row["credential_generation"],
                mayIntrospect: row["may_introspect"],
                requiresPushedAuthorizationRequests: row["requires_pushed_authorization_requests"],
                createdAt: Date(timeIntervalSince1970: row["created_at"]),
                updatedAt: Date(timeIntervalSince1970: row["updated_at"]))
        }
    }

    // MARK: APIs

    package func createAPI(_ draft: APIDraft) async throws -> RegisteredAPI {
        let now = clock.now().timeIntervalSince1970
        return try await write { db in
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM apis WHERE name = ?)", arguments: [draft.name]) == true {
                throw StoreError.conflict("an API named \(draft.name) already exists")
            }
            if let other = try String.fetchOne(db, sql: "SELECT name FROM apis WHERE base_path = ?", arguments: [draft.basePath]) {
                throw StoreError.conflict("the API \(other) already has the base path \(draft.basePath)")
            }
            try db.execute(
                sql: """
                    INSERT INTO apis (id, name, base_path, upstream, status, rate_limit, quota, limit_status, limit_fallback, scopes,
                        created_at, updated_at)
                    VALUES (?, ?, ?, ?, 'live', ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    UUID().uuidString.lowercased(), draft.name, draft.basePath, draft.upstream,
                    draft.limits.rate?.description, draft.limits.quota?.description, draft.limitStatus,
                    draft.limitFallback.rawValue, try Self.json(draft.scopes.sorted()), now, now,
                ])
            try Self.recordChange(db, .api, key: draft.name, now: now)
            return try Self.fetchAPI(db, name: draft.name)!
        }
    }

    package func api(named name: String) async throws -> RegisteredAPI? {
        try await read { db in try Self.fetchAPI(db, name: name) }
    }

    package func apis() async throws -> [RegisteredAPI] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM apis ORDER BY name").map(Self.api(from:))
        }
    }

    package func updateAPI(_ api: RegisteredAPI) async throws -> RegisteredAPI {
        let now = clock.now().timeIntervalSince1970
        let name = api.name
        return try await write { db in
            try db.execute(
                sql: """
                    UPDATE apis SET upstream = ?, status = ?, rate_limit = ?, quota = ?, limit_status = ?, limit_fallback = ?,
                        scopes = ?, gateway_policy = ?, updated_at = ?
                    WHERE name = ?
                    """,
                arguments: [
                    api.upstream, api.status.rawValue, api.limits.rate?.description, api.limits.quota?.description,
                    api.limitStatus, api.limitFallback.rawValue, try Self.json(api.scopes.sorted()), api.policy.storedJSON, now, name,
                ])
            guard db.changesCount == 1 else { throw StoreError.notFound("API \(name)") }
            try Self.recordChange(db, .api, key: name, now: now)
            return try Self.fetchAPI(db, name: name)!
        }
    }

    private static func fetchAPI(_ db: Database, name: String) throws -> RegisteredAPI? {
        try Row.fetchOne(db, sql: "SELECT * FROM apis WHERE name = ?", arguments: [name]).map(api(from:))
    }

    private static func api(from row: Row) throws -> RegisteredAPI {
        RegisteredAPI(
            id: row["id"], name: row["name"], basePath: row["base_path"], upstream: row["upstream"],
            status: try StoredValue.decode(APIStatus.self, row["status"]),
            limits: try StoredValue.limits(rate: row["rate_limit"], quota: row["quota"]),
            limitStatus: row["limit_status"],
            scopes: try JSONDecoder().decode([String].self, from: Data((row["scopes"] as String).utf8)),
            limitFallback: try StoredValue.decode(LimitFallback.self, row["limit_fallback"]),
            policy: try GatewayPolicy.stored(row["gateway_policy"]),
            createdAt: Date(timeIntervalSince1970: row["created_at"]),
            updatedAt: Date(timeIntervalSince1970: row["updated_at"]))
    }

    // MARK: End users

    package func createUser(username: String, passwordHash: String, claims: EndUserClaims) async throws -> EndUser {
        let now = clock.now().timeIntervalSince1970
        return try await write { db in
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM users WHERE username = ?)", arguments: [username]) == true {
                throw StoreError.conflict("a user named \(username) already exists")
            }
            let subject = try Self.insertUser(db, username: username, passwordHash: passwordHash, claims: claims, now: now)
            try Self.recordChange(db, .user, key: subject, now: now)
            return try Self.fetchUser(db, username: username)!
        }
    }

    /// Inserts an unlocked user and returns its new subject; a username taken whatever its case is a unique
    /// violation (``StoreError/conflict(_:)`` through ``write(_:)``).
    static func insertUser(_ db: Database, username: String, passwordHash: String, claims: EndUserClaims, now: Double) throws -> String {
        let subject = UUID().uuidString.lowercased()
        try db.execute(
            sql: """
                INSERT INTO users (subject, username, password_hash, claims, locked, created_at, updated_at)
                VALUES (?, ?, ?, ?, 0, ?, ?)
                """,
            arguments: [subject, username, passwordHash, String(decoding: try JSONEncoder().encode(claims), as: UTF8.self), now, now])
        return subject
    }

    package func user(username: String) async throws -> EndUser? {
        try await read { db in try Self.fetchUser(db, username: username) }
    }

    package func user(subject: String) async throws -> EndUser? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM users WHERE subject = ?", arguments: [subject]).map(Self.user(from:))
        }
    }

    package func users() async throws -> [EndUser] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM users ORDER BY username").map(Self.user(from:))
        }
    }

    /// A developer's account (their username is their client space's address) is locked in their space's audit trail.
    package func setLocked(_ locked: Bool, username: String) async throws -> EndUser {
        let now = clock.now().timeIntervalSince1970
        let event = AuditEvent(locked ? .accountLocked : .accountUnlocked)
        return try await write { db in
            guard let subject = try String.fetchOne(db, sql: "SELECT subject FROM users WHERE username = ?", arguments: [username]) else {
                throw StoreError.notFound("user \(username)")
            }
            try db.execute(
                sql: "UPDATE users SET locked = ?, updated_at = ? WHERE subject = ?", arguments: [locked, now, subject])
            if locked {
                try db.execute(
                    sql: """
                        UPDATE issued_tokens SET revoked_at = ?
                        WHERE grant_id IN (SELECT id FROM grants WHERE user_subject = ?) AND revoked_at IS NULL
                        """,
                    arguments: [now, subject])
                try db.execute(sql: "UPDATE grants SET generation = generation + 1 WHERE user_subject = ?", arguments: [subject])
            }
            try Self.audit(db, event, email: username, now: now)
            try Self.recordChange(db, .user, key: subject, now: now)
            return try Self.fetchUser(db, username: username)!
        }
    }

    package func setPasswordHash(_ passwordHash: String, subject: String) async throws -> EndUser {
        let now = clock.now().timeIntervalSince1970
        return try await write { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "UPDATE users SET password_hash = ?, updated_at = ? WHERE subject = ? RETURNING *",
                    arguments: [passwordHash, now, subject])
            else {
                throw StoreError.notFound("user \(subject)")
            }
            try Self.recordChange(db, .user, key: subject, now: now)
            return try Self.user(from: row)
        }
    }

    package func setAdministrator(_ isAdministrator: Bool, username: String) async throws -> EndUser {
        let now = clock.now().timeIntervalSince1970
        return try await write { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "UPDATE users SET administrator = ?, updated_at = ? WHERE username = ? RETURNING *",
                    arguments: [isAdministrator, now, username])
            else {
                throw StoreError.notFound("user \(username)")
            }
            let user = try Self.user(from: row)
            try Self.recordChange(db, .user, key: user.subject, now: now)
            return user
        }
    }

    private static func fetchUser(_ db: Database, username: String) throws -> EndUser? {
        try Row.fetchOne(db, sql: "SELECT * FROM users WHERE username = ?", arguments: [username]).map(user(from:))
    }

    private static func user(from row: Row) throws -> EndUser {
        EndUser(
            subject: row["subject"], username: row["username"], passwordHash: row["password_hash"],
            claims: try JSONDecoder().decode(EndUserClaims.self, from: Data((row["claims"] as String).utf8)),
            locked: row["locked"], isAdministrator: row["administrator"], createdAt: Date(timeIntervalSince1970: row["created_at"]),
            updatedAt: Date(timeIntervalSince1970: row["updated_at"]))
    }

    // MARK: Grants and codes

    package func grant(userSubject: String, applicationID: String) async throws -> ConsentGrant? {
        try await read { db in try Self.fetchGrant(db, userSubject: userSubject, applicationID: applicationID) }
    }

    package func grant(id: String) async throws -> ConsentGrant? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM grants WHERE id = ?", arguments: [id]).map(Self.grant(from:))
        }
    }

    package func grants(userSubject: String) async throws -> [ConsentGrant] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM grants WHERE user_subject = ? ORDER BY created_at, id", arguments: [userSubject]
            ).map(Self.grant(from:))
        }
    }

    package func revokeGrant(id: String) async throws -> Bool {
        let now = clock.now().timeIntervalSince1970
        let event = AuditEvent(.consentWithdrawn)
        return try await write { db in
            try Self.audit(db, event, grantID: id, now: now)
            try db.execute(
                sql: "UPDATE issued_tokens SET revoked_at = ? WHERE grant_id = ? AND revoked_at IS NULL", arguments: [now, id])
            try db.execute(sql: "DELETE FROM grants WHERE id = ?", arguments: [id])
            guard db.changesCount == 1 else { return false }
            try Self.recordChange(db, .grant, key: id, now: now)
            return true
        }
    }

    package func saveGrant(userSubject: String, applicationID: String, scope: Scopes) async throws -> ConsentGrant {
        let now = clock.now().timeIntervalSince1970
        return try await write { db in
            if var existing = try Self.fetchGrant(db, userSubject: userSubject, applicationID: applicationID) {
                existing.scope = Scopes(existing.scope.tokens.union(scope.tokens))
                try db.execute(
                    sql: "UPDATE grants SET scope = ?, updated_at = ? WHERE id = ?",
                    arguments: [existing.scope.description, now, existing.id])
                try Self.recordChange(db, .grant, key: existing.id, now: now)
            } else {
                let id = UUID().uuidString.lowercased()
                try db.execute(
                    sql: """
                        INSERT INTO grants (id, user_subject, application_id, scope, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [id, userSubject, applicationID, scope.description, now, now])
                try Self.recordChange(db, .grant, key: id, now: now)
            }
            return try Self.fetchGrant(db, userSubject: userSubject, applicationID: applicationID)!
        }
    }

    package func saveCode(_ code: AuthorizationCode) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO authorization_codes (digest, grant_id, redirect_uri, scope, code_challenge, nonce, acr,
                        auth_time, session_id, issued_at, expires_at, consumed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
                    """,
                arguments: [
                    code.digest.bytes, code.grantID, code.redirectURI, code.scope.description, code.codeChallenge, code.nonce,
                    code.acr, code.authTime.timeIntervalSince1970, code.sessionID, code.issuedAt.timeIntervalSince1970,
                    code.expiresAt.timeIntervalSince1970,
                ])
        }
    }

    package func redeemCode(digest: TokenDigest, at now: Date) async throws -> CodeRedemption {
        let time = now.timeIntervalSince1970
        let event = AuditEvent(.grantRevokedByReplayedCode)
        return try await write { db in
            try db.execute(
                sql: "UPDATE authorization_codes SET consumed_at = ? WHERE digest = ? AND consumed_at IS NULL AND expires_at > ?",
                arguments: [time, digest.bytes, time])
            let consumedNow = db.changesCount == 1
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM authorization_codes WHERE digest = ?", arguments: [digest.bytes]) else {
                return .unknown
            }
            let code = AuthorizationCode(
                digest: digest, grantID: row["grant_id"], redirectURI: row["redirect_uri"], scope: Scopes(parsing: row["scope"] as String),
                codeChallenge: row["code_challenge"], nonce: row["nonce"], acr: row["acr"], authTime: Date(timeIntervalSince1970: row["auth_time"]),
                sessionID: row["session_id"], issuedAt: Date(timeIntervalSince1970: row["issued_at"]), expiresAt: Date(timeIntervalSince1970: row["expires_at"]))
            if consumedNow {
                let generation = try Int.fetchOne(db, sql: "SELECT generation FROM grants WHERE id = ?", arguments: [code.grantID])
                return .redeemed(code, grantGeneration: generation ?? 0)
            }
            guard (row["consumed_at"] as Double?) != nil else { return .expired }
            try Self.revokeTokens(db, grantID: code.grantID, now: time)
            try Self.audit(db, event, grantID: code.grantID, now: time)
            return .replayed(grantID: code.grantID)
        }
    }

    package func revokeTokens(grantID: String) async throws {
        let now = clock.now().timeIntervalSince1970
        try await write { db in try Self.revokeTokens(db, grantID: grantID, now: now) }
    }

    private static func revokeTokens(_ db: Database, grantID: String, now: Double) throws {
        try db.execute(
            sql: "UPDATE issued_tokens SET revoked_at = ? WHERE grant_id = ? AND revoked_at IS NULL", arguments: [now, grantID])
        try db.execute(sql: "UPDATE grants SET generation = generation + 1 WHERE id = ?", arguments: [grantID])
        try recordChange(db, .grant, key: grantID, now: now)
    }

    private static func fetchGrant(_ db: Database, userSubject: String, applicationID: String) throws -> ConsentGrant? {
        try Row.fetchOne(
            db, sql: "SELECT * FROM grants WHERE user_subject = ? AND application_id = ?", arguments: [userSubject, applicationID]
        ).map(grant(from:))
    }

    private static func grant(from row: Row) -> ConsentGrant {
        ConsentGrant(
            id: row["id"], userSubject: row["user_subject"], applicationID: row["application_id"],
            scope: Scopes(parsing: row["scope"] as String),
            generation: row["generation"],
            createdAt: Date(timeIntervalSince1970: row["created_at"]), updatedAt: Date(timeIntervalSince1970: row["updated_at"]))
    }

    // MARK: Signing keys

    package func addSigningKey(_ key: SigningKey, unlessOneSignsFrom threshold: Date?) async throws -> Bool {
        try await write { db in
            if let threshold,
                try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM signing_keys WHERE signs_from >= ?)", arguments: [threshold.timeIntervalSince1970])
                    == true
            {
                return false
            }
            try db.execute(
                sql: "INSERT INTO signing_keys (kid, algorithm, sealed_private_key, created_at, signs_from) VALUES (?, ?, ?, ?, ?)",
                arguments: [
                    key.kid, key.algorithm, key.sealedPrivateKey, key.createdAt.timeIntervalSince1970, key.signsFrom.timeIntervalSince1970,
                ])
            try Self.recordChange(db, .signingKey, key: key.kid, now: key.createdAt.timeIntervalSince1970)
            return true
        }
    }

    package func signingKeys() async throws -> [SigningKey] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM signing_keys ORDER BY created_at, kid").map { row in
                SigningKey(
                    kid: row["kid"], algorithm: row["algorithm"], sealedPrivateKey: row["sealed_private_key"],
                    createdAt: Date(timeIntervalSince1970: row["created_at"]), signsFrom: Date(timeIntervalSince1970: row["signs_from"]))
            }
        }
    }

    // MARK: Limit counters

    /// The window comes from the store's clock: SQLite serves one machine, whose clock is the database's.
    package func addToLimitCounter(key: String, period: Period, amount: Int, limit: Int) async throws -> LimitCount {
        let now = clock.now()
        let windowEnd = period.window(containing: now).end
        return try await write { db in
            // One upsert: a counter of an ended window restarts from 0; the WHERE refuses a sum past the limit.
            let row = try Row.fetchOne(
                db,
                sql: """
                    INSERT INTO limit_counters (key, period, window_end, count) SELECT ?1, ?2, ?3, ?4 WHERE ?4 <= ?5
                    ON CONFLICT (key, period) DO UPDATE SET
                        count = CASE WHEN window_end >= excluded.window_end THEN count ELSE 0 END + excluded.count,
                        window_end = MAX(window_end, excluded.window_end)
                    WHERE CASE WHEN window_end >= excluded.window_end THEN count ELSE 0 END + excluded.count <= ?5
                    RETURNING count, window_end
                    """,
                arguments: [key, period.rawValue, windowEnd, amount, limit])
            if let row {
                return LimitCount(added: true, count: row["count"], windowEnd: row["window_end"], now: now.timeIntervalSince1970)
            }
            return try Self.limitCount(db, key: key, period: period, windowEnd: windowEnd, now: now)
        }
    }

    package func limitCount(key: String, period: Period) async throws -> LimitCount {
        let now = clock.now()
        return try await read { db in
            try Self.limitCount(db, key: key, period: period, windowEnd: period.window(containing: now).end, now: now)
        }
    }

    private static func limitCount(_ db: Database, key: String, period: Period, windowEnd: Int, now: Date) throws -> LimitCount {
        let count = try Int.fetchOne(
            db, sql: "SELECT count FROM limit_counters WHERE key = ? AND period = ? AND window_end >= ?",
            arguments: [key, period.rawValue, windowEnd])
        return LimitCount(added: false, count: count ?? 0, windowEnd: windowEnd, now: now.timeIntervalSince1970)
    }

    package func resetLimitCounter(key: String, period: Period) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM limit_counters WHERE key = ? AND period = ?", arguments: [key, period.rawValue])
        }
    }

    package func limitCounters(endingAfter now: Date) async throws -> [LimitCounter] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM limit_counters WHERE window_end > ? ORDER BY key, period",
                arguments: [Int(now.timeIntervalSince1970)]
            ).map { row in
                LimitCounter(
                    key: row["key"], period: try StoredValue.decode(Period.self, row["period"]), windowEnd: row["window_end"],
                    count: row["count"])
            }
        }
    }

    package func deleteLimitCounters(endingBefore cutoff: Date) async throws -> Int {
        try await write { db in
            try db.execute(sql: "DELETE FROM limit_counters WHERE window_end < ?", arguments: [Int(cutoff.timeIntervalSince1970)])
            return db.changesCount
        }
    }

    // MARK: Tokens

    /// Tokens issued at the same time share a transaction and its commit (``GroupCommit``): SQLite has one writer,
    /// and a commit per token made every request queue behind the others'.
    package func saveTokens(_ tokens: [IssuedToken]) async throws {
        guard !tokens.isEmpty else { return }
        do {
            try await ChildSpan.database("sqlite", function: #function, tracer: tracer) {
                try await metrics.measure(writes: true) { try await tokenWriter.submit(tokens) }
            }
        } catch let error as DatabaseError
            where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE || error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY
        {
            throw StoreError.conflict("already exists: \(error.message ?? "unique constraint")")
        }
    }

    /// The rows of `tokens`, with one prepared statement.
    private static func insert(_ tokens: [IssuedToken], into db: Database) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO issued_tokens (digest, application_id, kind, grant_id, scope, credential_generation,
                    grant_generation, issued_at, expires_at, revoked_at, auth_time, dpop_jkt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for token in tokens {
            try statement.execute(arguments: [
                token.digest.bytes, token.applicationID, token.kind.rawValue, token.grantID, token.scope,
                token.credentialGeneration, token.grantGeneration, token.issuedAt.timeIntervalSince1970,
                token.expiresAt.timeIntervalSince1970, token.revokedAt?.timeIntervalSince1970,
                token.authTime?.timeIntervalSince1970, token.dpopKeyThumbprint,
            ])
        }
    }

    package func token(digest: TokenDigest) async throws -> IssuedToken? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM issued_tokens WHERE digest = ?", arguments: [digest.bytes]).map { row in
                IssuedToken(
                    digest: TokenDigest(bytes: row["digest"]), applicationID: row["application_id"],
                    kind: try StoredValue.decode(IssuedToken.Kind.self, row["kind"]), grantID: row["grant_id"], scope: row["scope"],
                    credentialGeneration: row["credential_generation"], grantGeneration: row["grant_generation"],
                    issuedAt: Date(timeIntervalSince1970: row["issued_at"]),
                    expiresAt: Date(timeIntervalSince1970: row["expires_at"]),
                    revokedAt: (row["revoked_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
                    authTime: (row["auth_time"] as Double?).map(Date.init(timeIntervalSince1970:)), dpopKeyThumbprint: row["dpop_jkt"])
            }
        }
    }

    package func deleteExpired(before cutoff: Date) async throws -> Int {
        let time = cutoff.timeIntervalSince1970
        return try await write { db in
            try db.execute(sql: "DELETE FROM issued_tokens WHERE expires_at < ?", arguments: [time])
            let tokens = db.changesCount
            try db.execute(sql: "DELETE FROM authorization_codes WHERE expires_at < ?", arguments: [time])
            let codes = db.changesCount
            try db.execute(sql: "DELETE FROM single_use_links WHERE expires_at < ?", arguments: [time])
            let links = db.changesCount
            try db.execute(sql: "DELETE FROM device_authorizations WHERE expires_at < ?", arguments: [time])
            let devices = db.changesCount
            try db.execute(sql: "DELETE FROM pushed_authorization_requests WHERE expires_at < ?", arguments: [time])
            return tokens + codes + links + devices + db.changesCount
        }
    }

    // MARK: Change feed

    package func changes(after sequence: Int64, limit: Int) async throws -> [Change] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT sequence, entity, key FROM change_feed WHERE sequence > ? ORDER BY sequence LIMIT ?",
                arguments: [sequence, limit]
            ).map { row in
                Change(sequence: row["sequence"], entity: try StoredValue.decode(Change.Entity.self, row["entity"]), key: row["key"])
            }
        }
    }

    package func latestChangeSequence() async throws -> Int64 {
        try await read { db in try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(sequence), 0) FROM change_feed") ?? 0 }
    }

    package func oldestChangeSequence() async throws -> Int64 {
        try await read { db in try Int64.fetchOne(db, sql: "SELECT COALESCE(MIN(sequence), 0) FROM change_feed") ?? 0 }
    }

    package func deleteChanges(before cutoff: Date) async throws -> Int {
        try await write { db in
            try db.execute(
                sql: """
                    DELETE FROM change_feed
                    WHERE sequence <= (SELECT MAX(sequence) FROM change_feed WHERE changed_at < ?)
                        AND sequence < (SELECT MAX(sequence) FROM change_feed)
                    """,
                arguments: [cutoff.timeIntervalSince1970])
            return db.changesCount
        }
    }

    static func recordChange(_ db: Database, _ entity: Change.Entity, key: String, now: Double) throws {
        try db.execute(
            sql: "INSERT INTO change_feed (entity, key, changed_at) VALUES (?, ?, ?)", arguments: [entity.rawValue, key, now])
    }

    private static func json(_ strings: [String]) throws -> String {
        String(decoding: try JSONEncoder().encode(strings), as: UTF8.self)
    }
}
