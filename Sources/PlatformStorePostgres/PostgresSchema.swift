import Logging
import PostgresNIO

/// The versioned schema, applied in order at start under an advisory lock, so that instances starting together
/// migrate once (issue 11, item 2). `schema_migrations` records what ran. A migration never changes once released:
/// a new version is a new migration.
///
/// The tables and their meaning are those of the SQLite driver (`SQLiteSchema`), at its latest version. Times are
/// `double precision` seconds since 1970, as in SQLite, so that records read back identical; digests are `bytea`.
package enum PostgresSchema {
    package struct Migration: Sendable {
        package var version: Int
        package var name: String
        /// One statement each: the extended query protocol runs one at a time.
        package var statements: [String]
    }

    /// Key of the advisory lock taken while migrating (any constant of our own: "orangerie" in ASCII, truncated).
    static let lockKey: Int64 = 0x6F72_616E_6765_7269

    package static let migrations: [Migration] = [
        Migration(
            version: 1, name: "the platform's tables, as SQLite's schema v10",
            statements: [
                """
                CREATE TABLE client_spaces (
                    id text PRIMARY KEY,
                    email text NOT NULL,
                    created_at double precision NOT NULL
                )
                """,
                // One space per address whatever its case (SQLite: COLLATE NOCASE).
                "CREATE UNIQUE INDEX client_spaces_email ON client_spaces (lower(email))",
                """
                CREATE TABLE applications (
                    id text PRIMARY KEY,
                    client_space_id text NOT NULL REFERENCES client_spaces(id) ON DELETE CASCADE,
                    name text NOT NULL,
                    client_id text NOT NULL UNIQUE,
                    secret_digest bytea NOT NULL,
                    sealed_secret bytea NOT NULL,
                    previous_secret_digest bytea,
                    status text NOT NULL CHECK (status IN ('active', 'suspended')),
                    credential_generation bigint NOT NULL DEFAULT 0,
                    created_at double precision NOT NULL,
                    updated_at double precision NOT NULL
                )
                """,
                "CREATE INDEX applications_client_space ON applications (client_space_id)",
                """
                CREATE TABLE redirect_uris (
                    application_id text NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
                    uri text NOT NULL,
                    PRIMARY KEY (application_id, uri)
                )
                """,
                """
                CREATE TABLE apis (
                    id text PRIMARY KEY,
                    name text NOT NULL UNIQUE,
                    base_path text NOT NULL UNIQUE,
                    upstream text NOT NULL,
                    status text NOT NULL CHECK (status IN ('live', 'deprecated', 'retired')),
                    rate_limit text,
                    quota text,
                    limit_status integer NOT NULL DEFAULT 403 CHECK (limit_status IN (403, 429)),
                    limit_fallback text NOT NULL DEFAULT 'closed' CHECK (limit_fallback IN ('closed', 'open')),
                    scopes text[] NOT NULL DEFAULT '{}',
                    created_at double precision NOT NULL,
                    updated_at double precision NOT NULL
                )
                """,
                """
                CREATE TABLE subscriptions (
                    application_id text NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
                    api_id text NOT NULL REFERENCES apis(id) ON DELETE CASCADE,
                    rate_limit text,
                    quota text,
                    created_at double precision NOT NULL,
                    PRIMARY KEY (application_id, api_id)
                )
                """,
                "CREATE INDEX subscriptions_api ON subscriptions (api_id)",
                """
                CREATE TABLE users (
                    subject text PRIMARY KEY,
                    username text NOT NULL,
                    password_hash text NOT NULL,
                    claims text NOT NULL,
                    locked boolean NOT NULL DEFAULT false,
                    created_at double precision NOT NULL,
                    updated_at double precision NOT NULL
                )
                """,
                // A username is unique whatever its case (SQLite: COLLATE NOCASE).
                "CREATE UNIQUE INDEX users_username ON users (lower(username))",
                """
                CREATE TABLE signing_keys (
                    kid text PRIMARY KEY,
                    algorithm text NOT NULL,
                    sealed_private_key bytea NOT NULL,
                    created_at double precision NOT NULL
                )
                """,
                """
                CREATE TABLE grants (
                    id text PRIMARY KEY,
                    user_subject text NOT NULL REFERENCES users(subject) ON DELETE CASCADE,
                    application_id text NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
                    scope text NOT NULL,
                    generation bigint NOT NULL DEFAULT 0,
                    created_at double precision NOT NULL,
                    updated_at double precision NOT NULL,
                    UNIQUE (user_subject, application_id)
                )
                """,
                "CREATE INDEX grants_application ON grants (application_id)",
                """
                CREATE TABLE authorization_codes (
                    digest bytea PRIMARY KEY,
                    grant_id text NOT NULL REFERENCES grants(id) ON DELETE CASCADE,
                    redirect_uri text NOT NULL,
                    scope text NOT NULL,
                    code_challenge text,
                    nonce text,
                    acr text,
                    auth_time double precision NOT NULL,
                    issued_at double precision NOT NULL,
                    expires_at double precision NOT NULL,
                    consumed_at double precision
                )
                """,
                "CREATE INDEX authorization_codes_grant ON authorization_codes (grant_id)",
                "CREATE INDEX authorization_codes_expiry ON authorization_codes (expires_at)",
                """
                CREATE TABLE issued_tokens (
                    digest bytea PRIMARY KEY,
                    application_id text NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
                    kind text NOT NULL CHECK (kind IN ('access', 'refresh')),
                    grant_id text,
                    scope text,
                    credential_generation bigint NOT NULL DEFAULT 0,
                    grant_generation bigint NOT NULL DEFAULT 0,
                    issued_at double precision NOT NULL,
                    expires_at double precision NOT NULL,
                    revoked_at double precision
                )
                """,
                "CREATE INDEX issued_tokens_application ON issued_tokens (application_id)",
                "CREATE INDEX issued_tokens_expiry ON issued_tokens (expires_at)",
                "CREATE INDEX issued_tokens_grant ON issued_tokens (grant_id)",
                """
                CREATE TABLE limit_counters (
                    key text NOT NULL,
                    period text NOT NULL CHECK (period IN ('second', 'minute', 'hour', 'day', 'month')),
                    window_end bigint NOT NULL,
                    count bigint NOT NULL,
                    PRIMARY KEY (key, period)
                )
                """,
                // The end of the window of `period` that contains `at`, in whole seconds since 1970: what
                // `Period.window(containing:)` computes in Swift. Windows are UTC-aligned; a month is a calendar month.
                """
                CREATE FUNCTION orangerie_window_end(period text, at timestamptz) RETURNS bigint
                LANGUAGE sql STABLE STRICT AS $$
                    SELECT CASE period
                        WHEN 'month' THEN
                            extract(epoch FROM date_trunc('month', at AT TIME ZONE 'UTC') + interval '1 month')::bigint
                        ELSE (floor(extract(epoch FROM at))::bigint / length + 1) * length
                    END
                    FROM (SELECT CASE period WHEN 'second' THEN 1 WHEN 'minute' THEN 60 WHEN 'hour' THEN 3600
                        WHEN 'day' THEN 86400 ELSE 1 END::bigint AS length) AS window_length
                $$
                """,
                """
                CREATE TABLE change_feed (
                    sequence bigint PRIMARY KEY,
                    entity text NOT NULL,
                    key text NOT NULL,
                    changed_at double precision NOT NULL
                )
                """,
                "CREATE INDEX change_feed_changed_at ON change_feed (changed_at)",
                // The feed's last sequence, one row. Each change increments it inside its transaction: the row lock
                // queues the feed's writers until commit, so that sequence order is commit order (a sequence's
                // values are taken before commit: 8 could commit after 9 was read, and a follower skip it).
                """
                CREATE TABLE change_feed_head (
                    single boolean PRIMARY KEY DEFAULT true CHECK (single),
                    sequence bigint NOT NULL
                )
                """,
                "INSERT INTO change_feed_head (single, sequence) VALUES (true, 0)",
            ]),
        Migration(
            version: 2, name: "the developer portal, as SQLite's schema v11",
            statements: [
                "ALTER TABLE applications ADD COLUMN description text NOT NULL DEFAULT ''",
                "ALTER TABLE applications ADD COLUMN previous_secret_valid_until double precision",
                // Existing subscriptions are active, each with an id of its own.
                "ALTER TABLE subscriptions ADD COLUMN id text",
                "UPDATE subscriptions SET id = gen_random_uuid()::text",
                "ALTER TABLE subscriptions ALTER COLUMN id SET NOT NULL",
                "ALTER TABLE subscriptions ADD CONSTRAINT subscriptions_id UNIQUE (id)",
                """
                ALTER TABLE subscriptions
                    ADD COLUMN status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'pending', 'rejected')),
                    ADD COLUMN reason text,
                    ADD COLUMN terms_version text,
                    ADD COLUMN terms_accepted_at double precision,
                    ADD COLUMN accepted_by text
                """,
                """
                CREATE TABLE developers (
                    subject text PRIMARY KEY REFERENCES users(subject) ON DELETE CASCADE,
                    email text NOT NULL,
                    name text NOT NULL,
                    client_space_id text NOT NULL REFERENCES client_spaces(id),
                    email_verified_at double precision,
                    terms_version text NOT NULL,
                    terms_accepted_at double precision NOT NULL,
                    created_at double precision NOT NULL
                )
                """,
                // One developer per address whatever its case (SQLite: COLLATE NOCASE).
                "CREATE UNIQUE INDEX developers_email ON developers (lower(email))",
                """
                CREATE TABLE single_use_links (
                    digest bytea PRIMARY KEY,
                    purpose text NOT NULL CHECK (purpose IN ('email-verification', 'password-reset')),
                    subject text NOT NULL REFERENCES developers(subject) ON DELETE CASCADE,
                    created_at double precision NOT NULL,
                    expires_at double precision NOT NULL,
                    consumed_at double precision
                )
                """,
                "CREATE INDEX single_use_links_expiry ON single_use_links (expires_at)",
                // `id` orders the entries of one instant as they were recorded (SQLite: the rowid).
                """
                CREATE TABLE application_activity (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    application_id text NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
                    at double precision NOT NULL,
                    kind text NOT NULL,
                    actor text NOT NULL,
                    detail text
                )
                """,
                "CREATE INDEX application_activity_application ON application_activity (application_id, at, id)",
                """
                CREATE TABLE api_documentation (
                    api_id text PRIMARY KEY REFERENCES apis(id) ON DELETE CASCADE,
                    description text NOT NULL,
                    openapi text,
                    terms text,
                    terms_version text,
                    approval text NOT NULL CHECK (approval IN ('auto', 'manual')),
                    updated_at double precision NOT NULL
                )
                """,
            ]),
        Migration(
            version: 3, name: "when the user of a token signed in, as SQLite's schema v12",
            statements: ["ALTER TABLE issued_tokens ADD COLUMN auth_time double precision"]),
        Migration(
            version: 4, name: "the API's pages, and who sees partner and private APIs, as SQLite's schema v13",
            statements: [
                """
                ALTER TABLE api_documentation
                    ADD COLUMN overview text,
                    ADD COLUMN getting_started text,
                    ADD COLUMN visibility text NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'partner', 'private'))
                """,
                "ALTER TABLE client_spaces ADD COLUMN internal boolean NOT NULL DEFAULT false",
                // Addresses are stored in lower case (SQLite: COLLATE NOCASE).
                """
                CREATE TABLE api_invitations (
                    api_id text NOT NULL REFERENCES apis(id) ON DELETE CASCADE,
                    email text NOT NULL,
                    invited_at double precision NOT NULL,
                    PRIMARY KEY (api_id, email)
                )
                """,
                "CREATE INDEX api_invitations_email ON api_invitations (email)",
            ]),
        Migration(
            version: 5, name: "usage by application, API, hour and outcome, as SQLite's schema v14",
            statements: [
                "CREATE TABLE usage_hourly (client_id text NOT NULL, api text NOT NULL, hour bigint NOT NULL, \(usageCounts), PRIMARY KEY (client_id, api, hour, outcome))",
                "CREATE INDEX usage_hourly_hour ON usage_hourly (hour)",
                "CREATE INDEX usage_hourly_client_hour ON usage_hourly (client_id, hour)",
                "CREATE TABLE usage_daily (client_id text NOT NULL, api text NOT NULL, day bigint NOT NULL, \(usageCounts), PRIMARY KEY (client_id, api, day, outcome))",
                "CREATE INDEX usage_daily_day ON usage_daily (day)",
                "CREATE INDEX usage_daily_client_day ON usage_daily (client_id, day)",
            ]),
        Migration(
            version: 6, name: "the audit trail, as SQLite's schema v15",
            statements: [
                """
                CREATE TABLE audit_trail (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    at double precision NOT NULL,
                    actor_kind text NOT NULL CHECK (actor_kind IN ('developer', 'operator', 'user', 'system')),
                    actor_name text NOT NULL,
                    address text,
                    action text NOT NULL,
                    client_space_id text NOT NULL,
                    client_id text,
                    detail text
                )
                """,
                "CREATE INDEX audit_trail_client_space ON audit_trail (client_space_id, at, id)",
                "CREATE INDEX audit_trail_client_id ON audit_trail (client_id, at, id)",
                "CREATE INDEX audit_trail_at ON audit_trail (at)",
                """
                INSERT INTO audit_trail (at, actor_kind, actor_name, action, client_space_id, client_id, detail)
                SELECT v.at, CASE v.actor WHEN 'operator' THEN 'operator' ELSE 'developer' END, v.actor, v.kind, a.client_space_id,
                    a.client_id, v.detail
                FROM application_activity v JOIN applications a ON a.id = v.application_id
                ORDER BY v.id
                """,
                "DROP TABLE application_activity",
            ]),
        Migration(
            version: 7, name: "administrators of the provider's console, as SQLite's schema v16",
            statements: ["ALTER TABLE users ADD COLUMN administrator boolean NOT NULL DEFAULT false"]),
        Migration(
            version: 8, name: "what each API proxy enforces besides tokens and limits, as SQLite's schema v17",
            statements: ["ALTER TABLE apis ADD COLUMN gateway_policy text NOT NULL DEFAULT '{}'"]),
        Migration(
            version: 9, name: "which applications may introspect tokens, as SQLite's schema v19",
            statements: ["ALTER TABLE applications ADD COLUMN may_introspect boolean NOT NULL DEFAULT false"]),
        Migration(
            version: 10, name: "sign-out (post-logout redirect URIs, back-channel logout URI, the session of a code), as SQLite's schema v20",
            statements: [
                "ALTER TABLE applications ADD COLUMN post_logout_redirect_uris text[] NOT NULL DEFAULT '{}'",
                "ALTER TABLE applications ADD COLUMN backchannel_logout_uri text",
                "ALTER TABLE authorization_codes ADD COLUMN session_id text",
            ]),
        Migration(
            version: 11, name: "signing keys published ahead of use, as SQLite's schema v21",
            statements: [
                "ALTER TABLE signing_keys ADD COLUMN signs_from double precision NOT NULL DEFAULT 0",
                "UPDATE signing_keys SET signs_from = created_at",
            ]),
        Migration(
            version: 12, name: "access tokens bound to a DPoP key, as SQLite's schema v22",
            statements: ["ALTER TABLE issued_tokens ADD COLUMN dpop_jkt text"]),
        Migration(
            version: 13, name: "pushed authorization requests, as SQLite's schema v23",
            statements: [
                """
                CREATE TABLE pushed_authorization_requests (
                    digest bytea PRIMARY KEY,
                    application_id text NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
                    parameters text NOT NULL,
                    created_at double precision NOT NULL,
                    expires_at double precision NOT NULL,
                    consumed_at double precision
                )
                """,
                "CREATE INDEX pushed_authorization_requests_application ON pushed_authorization_requests (application_id)",
                "CREATE INDEX pushed_authorization_requests_expiry ON pushed_authorization_requests (expires_at)",
                "ALTER TABLE applications ADD COLUMN requires_pushed_authorization_requests boolean NOT NULL DEFAULT false",
            ]),
        Migration(
            version: 14, name: "device authorizations, as SQLite's schema v24",
            statements: [
                """
                CREATE TABLE device_authorizations (
                    digest bytea PRIMARY KEY,
                    user_code text NOT NULL UNIQUE,
                    application_id text NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
                    scope text NOT NULL,
                    status text NOT NULL CHECK (status IN ('pending', 'approved', 'denied', 'consumed')),
                    user_subject text,
                    grant_id text,
                    grant_generation bigint,
                    granted_scope text,
                    auth_time double precision,
                    session_id text,
                    poll_interval bigint NOT NULL,
                    last_polled_at double precision,
                    issued_at double precision NOT NULL,
                    expires_at double precision NOT NULL
                )
                """,
                "CREATE INDEX device_authorizations_application ON device_authorizations (application_id)",
                "CREATE INDEX device_authorizations_expiry ON device_authorizations (expires_at)",
            ]),
    ]

    /// The columns of a usage row after its key (migration 5): b0…b12 count the calls of each latency bucket.
    private static let usageCounts = "outcome text NOT NULL, calls bigint NOT NULL, latency_sum double precision NOT NULL, "
        + (0...12).map { "b\($0) bigint NOT NULL DEFAULT 0" }.joined(separator: ", ")

    /// Applies the migrations not yet recorded, each in its transaction, while holding the advisory lock: a second
    /// instance starting at the same time waits, then finds nothing left to do.
    static func migrate(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("SELECT pg_advisory_lock(\(lockKey))", logger: logger)
        do {
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version integer PRIMARY KEY,
                    name text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """, logger: logger)
            var applied = Set<Int>()
            for try await version in try await connection.query("SELECT version FROM schema_migrations", logger: logger).decode(Int.self) {
                applied.insert(version)
            }
            for migration in migrations where !applied.contains(migration.version) {
                try await connection.withTransaction(logger: logger) { connection in
                    for statement in migration.statements {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await connection.query(
                        "INSERT INTO schema_migrations (version, name) VALUES (\(migration.version), \(migration.name))", logger: logger)
                }
                logger.info("Applied a PostgreSQL migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
            }
        } catch {
            _ = try? await connection.query("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
            throw error
        }
        try await connection.query("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
    }
}
