import GRDB

/// The versioned schema, applied in order at start (GRDB's `DatabaseMigrator` records what ran). A migration
/// never changes once released: a new version is a new migration.
package enum SQLiteSchema {
    package static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: client spaces, applications, APIs, subscriptions, tokens, change feed") { db in
            try db.execute(
                sql: """
                    CREATE TABLE client_spaces (
                        id TEXT PRIMARY KEY,
                        email TEXT NOT NULL UNIQUE COLLATE NOCASE,
                        created_at REAL NOT NULL
                    );
                    CREATE TABLE applications (
                        id TEXT PRIMARY KEY,
                        client_space_id TEXT NOT NULL REFERENCES client_spaces(id) ON DELETE CASCADE,
                        name TEXT NOT NULL,
                        client_id TEXT NOT NULL UNIQUE,
                        secret_digest BLOB NOT NULL,
                        sealed_secret BLOB NOT NULL,
                        previous_secret_digest BLOB,
                        status TEXT NOT NULL CHECK (status IN ('active', 'suspended')),
                        created_at REAL NOT NULL,
                        updated_at REAL NOT NULL
                    );
                    CREATE INDEX applications_client_space ON applications(client_space_id);
                    CREATE TABLE redirect_uris (
                        application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
                        uri TEXT NOT NULL,
                        PRIMARY KEY (application_id, uri)
                    ) WITHOUT ROWID;
                    CREATE TABLE apis (
                        id TEXT PRIMARY KEY,
                        name TEXT NOT NULL UNIQUE,
                        base_path TEXT NOT NULL UNIQUE,
                        upstream TEXT NOT NULL,
                        status TEXT NOT NULL CHECK (status IN ('live', 'deprecated', 'retired')),
                        created_at REAL NOT NULL,
                        updated_at REAL NOT NULL
                    );
                    CREATE TABLE subscriptions (
                        application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
                        api_id TEXT NOT NULL REFERENCES apis(id) ON DELETE CASCADE,
                        created_at REAL NOT NULL,
                        PRIMARY KEY (application_id, api_id)
                    ) WITHOUT ROWID;
                    CREATE INDEX subscriptions_api ON subscriptions(api_id);
                    CREATE TABLE issued_tokens (
                        digest BLOB PRIMARY KEY,
                        application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
                        kind TEXT NOT NULL CHECK (kind IN ('access', 'refresh')),
                        grant_id TEXT,
                        scope TEXT,
                        issued_at REAL NOT NULL,
                        expires_at REAL NOT NULL,
                        revoked_at REAL
                    ) WITHOUT ROWID;
                    CREATE INDEX issued_tokens_application ON issued_tokens(application_id);
                    CREATE INDEX issued_tokens_expiry ON issued_tokens(expires_at);
                    CREATE TABLE change_feed (
                        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                        entity TEXT NOT NULL,
                        key TEXT NOT NULL,
                        changed_at REAL NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v2: API limits, subscription overrides, token revocation by application") { db in
            try db.execute(
                sql: """
                    ALTER TABLE apis ADD COLUMN rate_limit TEXT;
                    ALTER TABLE apis ADD COLUMN quota TEXT;
                    ALTER TABLE apis ADD COLUMN limit_status INTEGER NOT NULL DEFAULT 403 CHECK (limit_status IN (403, 429));
                    ALTER TABLE subscriptions ADD COLUMN rate_limit TEXT;
                    ALTER TABLE subscriptions ADD COLUMN quota TEXT;
                    ALTER TABLE applications ADD COLUMN tokens_not_before REAL;
                    """)
        }
        migrator.registerMigration("v3: end users") { db in
            try db.execute(
                sql: """
                    CREATE TABLE users (
                        subject TEXT PRIMARY KEY,
                        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
                        password_hash TEXT NOT NULL,
                        claims TEXT NOT NULL,
                        locked INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
                        created_at REAL NOT NULL,
                        updated_at REAL NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v4: ID token signing keys") { db in
            try db.execute(
                sql: """
                    CREATE TABLE signing_keys (
                        kid TEXT PRIMARY KEY,
                        algorithm TEXT NOT NULL,
                        sealed_private_key BLOB NOT NULL,
                        created_at REAL NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v5: quota counters") { db in
            try db.execute(
                sql: """
                    CREATE TABLE limit_counters (
                        key TEXT NOT NULL,
                        period TEXT NOT NULL,
                        window_end INTEGER NOT NULL,
                        count INTEGER NOT NULL,
                        PRIMARY KEY (key, period)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v6: API scopes") { db in
            try db.execute(sql: "ALTER TABLE apis ADD COLUMN scopes TEXT NOT NULL DEFAULT '[]'")
        }
        migrator.registerMigration("v7: consent grants and authorization codes") { db in
            try db.execute(
                sql: """
                    CREATE TABLE grants (
                        id TEXT PRIMARY KEY,
                        user_subject TEXT NOT NULL REFERENCES users(subject) ON DELETE CASCADE,
                        application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
                        scope TEXT NOT NULL,
                        created_at REAL NOT NULL,
                        updated_at REAL NOT NULL,
                        UNIQUE (user_subject, application_id)
                    );
                    CREATE TABLE authorization_codes (
                        digest BLOB PRIMARY KEY,
                        grant_id TEXT NOT NULL REFERENCES grants(id) ON DELETE CASCADE,
                        redirect_uri TEXT NOT NULL,
                        scope TEXT NOT NULL,
                        code_challenge TEXT,
                        nonce TEXT,
                        auth_time REAL NOT NULL,
                        issued_at REAL NOT NULL,
                        expires_at REAL NOT NULL,
                        consumed_at REAL
                    ) WITHOUT ROWID;
                    CREATE INDEX authorization_codes_grant ON authorization_codes(grant_id);
                    CREATE INDEX issued_tokens_grant ON issued_tokens(grant_id);
                    """)
        }
        migrator.registerMigration("v8: token revocation by grant, acr of codes") { db in
            try db.execute(sql: "ALTER TABLE grants ADD COLUMN tokens_not_before REAL")
            try db.execute(sql: "ALTER TABLE authorization_codes ADD COLUMN acr TEXT")
        }
        migrator.registerMigration("v9: revocation by generation, not by clock") { db in
            // Each token carries the generations of its application's credentials and of its grant. Existing rows
            // keep their state: an application or grant that revoked tokens (a time was set) is at generation 1,
            // its tokens issued since then too, those issued before at 0, refused.
            try db.execute(
                sql: """
                    ALTER TABLE applications ADD COLUMN credential_generation INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE grants ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE issued_tokens ADD COLUMN credential_generation INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE issued_tokens ADD COLUMN grant_generation INTEGER NOT NULL DEFAULT 0;
                    UPDATE applications SET credential_generation = 1 WHERE tokens_not_before IS NOT NULL;
                    UPDATE grants SET generation = 1 WHERE tokens_not_before IS NOT NULL;
                    UPDATE issued_tokens SET credential_generation = 1
                    WHERE issued_at >= (SELECT tokens_not_before FROM applications WHERE id = issued_tokens.application_id);
                    UPDATE issued_tokens SET grant_generation = 1
                    WHERE issued_at >= (SELECT tokens_not_before FROM grants WHERE id = issued_tokens.grant_id);
                    ALTER TABLE applications DROP COLUMN tokens_not_before;
                    ALTER TABLE grants DROP COLUMN tokens_not_before;
                    """)
        }
        migrator.registerMigration("v10: what the gateway does when the shared limiter cannot be reached") { db in
            try db.execute(
                sql: "ALTER TABLE apis ADD COLUMN limit_fallback TEXT NOT NULL DEFAULT 'closed' CHECK (limit_fallback IN ('closed', 'open'))")
        }
        migrator.registerMigration("v11: the developer portal: developers, single-use links, activity, subscription approval, API documentation") { db in
            // Subscriptions get an id, a status and the terms accepted: the table is rebuilt (SQLite adds no NOT NULL
            // UNIQUE column), its rows made active, each with an id of its own. Grants get the index on their
            // application that deleting an application's cascade needs (PostgreSQL has had it from the start).
            try db.execute(
                sql: """
                    ALTER TABLE applications ADD COLUMN description TEXT NOT NULL DEFAULT '';
                    ALTER TABLE applications ADD COLUMN previous_secret_valid_until REAL;
                    CREATE INDEX grants_application ON grants(application_id);
                    CREATE TABLE new_subscriptions (
                        id TEXT NOT NULL UNIQUE,
                        application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
                        api_id TEXT NOT NULL REFERENCES apis(id) ON DELETE CASCADE,
                        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'pending', 'rejected')),
                        reason TEXT,
                        rate_limit TEXT,
                        quota TEXT,
                        terms_version TEXT,
                        terms_accepted_at REAL,
                        accepted_by TEXT,
                        created_at REAL NOT NULL,
                        PRIMARY KEY (application_id, api_id)
                    ) WITHOUT ROWID;
                    INSERT INTO new_subscriptions (id, application_id, api_id, rate_limit, quota, created_at)
                    SELECT lower(hex(randomblob(16))), application_id, api_id, rate_limit, quota, created_at FROM subscriptions;
                    DROP TABLE subscriptions;
                    ALTER TABLE new_subscriptions RENAME TO subscriptions;
                    CREATE INDEX subscriptions_api ON subscriptions(api_id);
                    CREATE TABLE developers (
                        subject TEXT PRIMARY KEY REFERENCES users(subject) ON DELETE CASCADE,
                        email TEXT NOT NULL UNIQUE COLLATE NOCASE,
                        name TEXT NOT NULL,
                        client_space_id TEXT NOT NULL REFERENCES client_spaces(id),
                        email_verified_at REAL,
                        terms_version TEXT NOT NULL,
                        terms_accepted_at REAL NOT NULL,
                        created_at REAL NOT NULL
                    );
                    CREATE TABLE single_use_links (
                        digest BLOB PRIMARY KEY,
                        purpose TEXT NOT NULL CHECK (purpose IN ('email-verification', 'password-reset')),
                        subject TEXT NOT NULL REFERENCES developers(subject) ON DELETE CASCADE,
                        created_at REAL NOT NULL,
                        expires_at REAL NOT NULL,
                        consumed_at REAL
                    ) WITHOUT ROWID;
                    CREATE INDEX single_use_links_expiry ON single_use_links(expires_at);
                    CREATE TABLE application_activity (
                        id INTEGER PRIMARY KEY,
                        application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
                        at REAL NOT NULL,
                        kind TEXT NOT NULL,
                        actor TEXT NOT NULL,
                        detail TEXT
                    );
                    CREATE INDEX application_activity_application ON application_activity(application_id, at);
                    CREATE TABLE api_documentation (
                        api_id TEXT PRIMARY KEY REFERENCES apis(id) ON DELETE CASCADE,
                        description TEXT NOT NULL,
                        openapi TEXT,
                        terms TEXT,
                        terms_version TEXT,
                        approval TEXT NOT NULL CHECK (approval IN ('auto', 'manual')),
                        updated_at REAL NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v12: when the user of a token signed in") { db in
            // Issue 12, item 4: the portal's JSON API shows a secret again only to a token from a recent sign-in.
            // Tokens issued before this version have none, and count as not fresh.
            try db.execute(sql: "ALTER TABLE issued_tokens ADD COLUMN auth_time REAL")
        }
        migrator.registerMigration("v13: the API's pages, and who sees partner and private APIs") { db in
            // Issue 17: the Overview and Getting started tabs, the API's visibility, invitations to partner APIs
            // (by address, so that one can be sent before its client space exists), internal client spaces.
            try db.execute(
                sql: """
                    ALTER TABLE api_documentation ADD COLUMN overview TEXT;
                    ALTER TABLE api_documentation ADD COLUMN getting_started TEXT;
                    ALTER TABLE api_documentation ADD COLUMN visibility TEXT NOT NULL DEFAULT 'public'
                        CHECK (visibility IN ('public', 'partner', 'private'));
                    ALTER TABLE client_spaces ADD COLUMN internal INTEGER NOT NULL DEFAULT 0;
                    CREATE TABLE api_invitations (
                        api_id TEXT NOT NULL REFERENCES apis(id) ON DELETE CASCADE,
                        email TEXT NOT NULL COLLATE NOCASE,
                        invited_at REAL NOT NULL,
                        PRIMARY KEY (api_id, email)
                    ) WITHOUT ROWID;
                    CREATE INDEX api_invitations_email ON api_invitations(email);
                    """)
        }
        migrator.registerMigration("v14: usage by application, API, hour and outcome") { db in
            // Issue 13, item 1: one row per (client_id, API, hour, outcome), added to by every instance's flush;
            // b0…b12 count the calls of each latency bucket (UsageTally.bucketBounds). Each call is also added to
            // its day's row; hourly rows are kept 90 days, daily ones 2 years.
            let counts = """
                outcome TEXT NOT NULL,
                calls INTEGER NOT NULL,
                latency_sum REAL NOT NULL,
                \((0...12).map { "b\($0) INTEGER NOT NULL DEFAULT 0" }.joined(separator: ",\n"))
                """
            try db.execute(
                sql: """
                    CREATE TABLE usage_hourly (
                        client_id TEXT NOT NULL,
                        api TEXT NOT NULL,
                        hour INTEGER NOT NULL,
                        \(counts),
                        PRIMARY KEY (client_id, api, hour, outcome)
                    ) WITHOUT ROWID;
                    CREATE INDEX usage_hourly_hour ON usage_hourly(hour);
                    CREATE INDEX usage_hourly_client_hour ON usage_hourly(client_id, hour);
                    CREATE TABLE usage_daily (
                        client_id TEXT NOT NULL,
                        api TEXT NOT NULL,
                        day INTEGER NOT NULL,
                        \(counts),
                        PRIMARY KEY (client_id, api, day, outcome)
                    ) WITHOUT ROWID;
                    CREATE INDEX usage_daily_day ON usage_daily(day);
                    CREATE INDEX usage_daily_client_day ON usage_daily(client_id, day);
                    """)
        }
        migrator.registerMigration("v15: the audit trail") { db in
            // Issue 13, item 3: who changed which client space or application, kept one year and after the
            // application is gone (no foreign key). The applications' activity (v11) becomes its first entries: an
            // actor `operator` was the command line, any other a developer's address.
            try db.execute(
                sql: """
                    CREATE TABLE audit_trail (
                        id INTEGER PRIMARY KEY,
                        at REAL NOT NULL,
                        actor_kind TEXT NOT NULL CHECK (actor_kind IN ('developer', 'operator', 'user', 'system')),
                        actor_name TEXT NOT NULL,
                        address TEXT,
                        action TEXT NOT NULL,
                        client_space_id TEXT NOT NULL,
                        client_id TEXT,
                        detail TEXT
                    );
                    CREATE INDEX audit_trail_client_space ON audit_trail(client_space_id, at);
                    CREATE INDEX audit_trail_client_id ON audit_trail(client_id, at);
                    CREATE INDEX audit_trail_at ON audit_trail(at);
                    INSERT INTO audit_trail (at, actor_kind, actor_name, action, client_space_id, client_id, detail)
                        SELECT v.at, CASE v.actor WHEN 'operator' THEN 'operator' ELSE 'developer' END, v.actor, v.kind,
                            a.client_space_id, a.client_id, v.detail
                        FROM application_activity v JOIN applications a ON a.id = v.application_id
                        ORDER BY v.id;
                    DROP TABLE application_activity;
                    """)
        }
        migrator.registerMigration("v16: administrators of the provider's console") { db in
            try db.execute(sql: "ALTER TABLE users ADD COLUMN administrator INTEGER NOT NULL DEFAULT 0 CHECK (administrator IN (0, 1))")
        }
        migrator.registerMigration("v17: what each API proxy enforces besides tokens and limits") { db in
            try db.execute(sql: "ALTER TABLE apis ADD COLUMN gateway_policy TEXT NOT NULL DEFAULT '{}'")
        }
        // Issue 15, item 2: keyed by their random digest, each token landed on a random page of the table and of
        // two of its indexes (application_id and grant_id end with the key), three pages to write per token, which
        // made the token endpoint's writer the bottleneck (57 µs of CPU per row against 23 µs now, measured with
        // 300,000 rows in batches of 32). Rows now go at the end of a rowid table; only the digest's own index is
        // random, and a client-credentials token, without a grant, has no entry in the grant index.
        migrator.registerMigration("v18: tokens appended in issue order, found by a unique digest index") { db in
            try db.execute(
                sql: """
                    CREATE TABLE issued_tokens_by_rowid (
                        id INTEGER PRIMARY KEY,
                        digest BLOB NOT NULL UNIQUE,
                        application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
                        kind TEXT NOT NULL CHECK (kind IN ('access', 'refresh')),
                        grant_id TEXT,
                        scope TEXT,
                        issued_at REAL NOT NULL,
                        expires_at REAL NOT NULL,
                        revoked_at REAL,
                        credential_generation INTEGER NOT NULL DEFAULT 0,
                        grant_generation INTEGER NOT NULL DEFAULT 0,
                        auth_time REAL
                    );
                    INSERT INTO issued_tokens_by_rowid (digest, application_id, kind, grant_id, scope, issued_at, expires_at,
                        revoked_at, credential_generation, grant_generation, auth_time)
                    SELECT digest, application_id, kind, grant_id, scope, issued_at, expires_at, revoked_at,
                        credential_generation, grant_generation, auth_time
                    FROM issued_tokens ORDER BY issued_at;
                    DROP TABLE issued_tokens;
                    ALTER TABLE issued_tokens_by_rowid RENAME TO issued_tokens;
                    CREATE INDEX issued_tokens_application ON issued_tokens(application_id);
                    CREATE INDEX issued_tokens_expiry ON issued_tokens(expires_at);
                    CREATE INDEX issued_tokens_grant ON issued_tokens(grant_id) WHERE grant_id IS NOT NULL;
                    """)
        }
        // Issue 16, item 2: token introspection (RFC 7662) only for the applications an operator allows (§4).
        migrator.registerMigration("v19: which applications may introspect tokens") { db in
            try db.execute(sql: "ALTER TABLE applications ADD COLUMN may_introspect INTEGER NOT NULL DEFAULT 0 CHECK (may_introspect IN (0, 1))")
        }
        // Issue 16, item 1: sign-out. Independent of every later migration: it adds columns only. The post-logout redirect
        // URIs are a JSON array (read with the application's row; they are few and change rarely); codes keep the browser
        // session they were issued in, for the ID token's `sid`.
        migrator.registerMigration("v20: sign-out (post-logout redirect URIs, back-channel logout URI, the session of a code)") { db in
            try db.execute(
                sql: """
                    ALTER TABLE applications ADD COLUMN post_logout_redirect_uris TEXT NOT NULL DEFAULT '[]';
                    ALTER TABLE applications ADD COLUMN backchannel_logout_uri TEXT;
                    ALTER TABLE authorization_codes ADD COLUMN session_id TEXT;
                    """)
        }
        migrator.registerMigration("v21: signing keys published ahead of use") { db in
            try db.execute(
                sql: """
                    ALTER TABLE signing_keys ADD COLUMN signs_from REAL NOT NULL DEFAULT 0;
                    UPDATE signing_keys SET signs_from = created_at;
                    """)
        }
        migrator.registerMigration("v22: access tokens bound to a DPoP key") { db in
            try db.execute(sql: "ALTER TABLE issued_tokens ADD COLUMN dpop_jkt TEXT")
        }
        // Issue 16, item 5: pushed authorization requests (RFC 9126), by the digest of their request_uri, and the
        // applications that must push theirs (§6). Independent of v22 and v24.
        migrator.registerMigration("v23: pushed authorization requests") { db in
            try db.execute(
                sql: """
                    CREATE TABLE pushed_authorization_requests (
                        digest BLOB PRIMARY KEY,
                        application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
                        parameters TEXT NOT NULL,
                        created_at REAL NOT NULL,
                        expires_at REAL NOT NULL,
                        consumed_at REAL
                    ) WITHOUT ROWID;
                    CREATE INDEX pushed_authorization_requests_application ON pushed_authorization_requests(application_id);
                    CREATE INDEX pushed_authorization_requests_expiry ON pushed_authorization_requests(expires_at);
                    ALTER TABLE applications ADD COLUMN requires_pushed_authorization_requests INTEGER NOT NULL DEFAULT 0
                        CHECK (requires_pushed_authorization_requests IN (0, 1));
                    """)
        }
        // Issue 16, item 6: the device authorization grant (RFC 8628). Independent of every other migration: a new table.
        // The user code is unique (a new one is drawn on a conflict); the approval's columns are null until the user
        // allows. Expired rows go with the tokens (`deleteExpired`).
        migrator.registerMigration("v24: device authorizations") { db in
            try db.execute(
                sql: """
                    CREATE TABLE device_authorizations (
                        digest BLOB PRIMARY KEY,
                        user_code TEXT NOT NULL UNIQUE,
                        application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
                        scope TEXT NOT NULL,
                        status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'denied', 'consumed')),
                        user_subject TEXT,
                        grant_id TEXT,
                        grant_generation INTEGER,
                        granted_scope TEXT,
                        auth_time REAL,
                        session_id TEXT,
                        poll_interval INTEGER NOT NULL,
                        last_polled_at REAL,
                        issued_at REAL NOT NULL,
                        expires_at REAL NOT NULL
                    ) WITHOUT ROWID;
                    CREATE INDEX device_authorizations_application ON device_authorizations(application_id);
                    CREATE INDEX device_authorizations_expiry ON device_authorizations(expires_at);
                    """)
        }
        return migrator
    }
}
