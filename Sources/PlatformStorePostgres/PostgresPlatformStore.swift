import Foundation
import Logging
import NIOSSL
import OAuthCore
import PlatformStore
import PostgresNIO
import Synchronization
import Tracing

/// The store for several instances: one PostgreSQL database they share (issue 11).
///
/// Same tables and meaning as the SQLite driver; the rules of ``PlatformStore`` hold across instances: each change
/// appends its change-feed row in its own transaction, under the one-row `change_feed_head` lock, so that the
/// feed's order is commit order, and notifies `orangerie_changes` (delivered at commit) to wake the other
/// instances' followers. Limit windows are taken from the database's clock. Concurrent ``saveTokens(_:)`` calls
/// are committed together (``GroupCommit``).
///
/// Opening checks one connection within ``connectTimeout`` (a `PostgresClient` alone would wait for its pool forever on a
/// wrong password), migrates under an advisory lock, then starts a connection pool that the store runs itself:
/// call ``shutdown()`` when done with it.
package final class PostgresPlatformStore: PlatformStore, ChangeNotifier {
    /// Connections the pool may open: enough for a busy instance, few enough that several instances stay under
    /// PostgreSQL's default `max_connections` of 100.
    package static let defaultPoolSize = 20
    /// How long opening waits for the first connection before saying the server cannot be reached: half of the 10
    /// seconds within which a start must fail (issue 11, item 2), so that a loaded machine still reports in time.
    package static let connectTimeout: Duration = .seconds(5)

    let client: PostgresClient
    let clock: WallClock
    let logger: Logger
    let metrics: DatabaseMetrics
    /// Makes a span of each transaction and read inside a traced request (issue 14, item 2).
    let tracer: any Tracer
    private let runTask: Task<Void, Never>
    private let connectionConfiguration: PostgresConnection.Configuration
    private let tokenWriter: GroupCommit<IssuedToken>
    private let listeners = Mutex(Listeners())

    /// The change-notification listeners running, ended at shutdown.
    private struct Listeners {
        var tasks: [Int: Task<Void, Never>] = [:]
        var nextID = 0
        var closed = false
    }

    /// Opens the database at `url`: checks that it can be reached within ``connectTimeout`` (throwing a
    /// ``PostgresOpeningError`` that says why not), applies the pending migrations, and starts a pool of at most
    /// `poolSize` connections. Its calls are measured in `metrics` (issue 14).
    package init(
        url: PostgresDatabaseURL, clock: WallClock = .system, poolSize: Int = defaultPoolSize,
        logger: Logger = Logger(label: "orangerie.postgres"), metrics: DatabaseMetrics = DatabaseMetrics(driver: "postgres"),
        tracer: any Tracer = NoOpTracer()
    ) async throws {
        let tlsContext = try url.tls == .require ? NIOSSLContext(configuration: Self.tlsConfiguration) : nil
        var connectionConfiguration = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
            tls: tlsContext.map { .require($0) } ?? .disable)
        connectionConfiguration.options.connectTimeout = .seconds(Self.connectTimeout.components.seconds)
        let connection = try await Self.connect(connectionConfiguration, url: url, logger: logger)
        do {
            try await PostgresSchema.migrate(connection, logger: logger)
        } catch {
            try? await connection.close()
            throw PostgresStoreError.map(error)
        }
        try? await connection.close()

        var poolConfiguration = PostgresClient.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
            tls: url.tls == .require ? .require(Self.tlsConfiguration) : .disable)
        poolConfiguration.options.maximumConnections = poolSize
        poolConfiguration.options.connectTimeout = Self.connectTimeout
        let client = PostgresClient(configuration: poolConfiguration, backgroundLogger: logger)
        self.client = client
        self.clock = clock
        self.logger = logger
        self.metrics = metrics
        self.tracer = tracer
        self.connectionConfiguration = connectionConfiguration
        self.runTask = Task { await client.run() }
        self.tokenWriter = GroupCommit(maximumBatch: 500) { tokens in
            try await Self.insertTokens(tokens, client: client, logger: logger)
        }
    }

    /// libpq's `sslmode=require`: encrypted, the certificate not verified (PostgreSQL manual, §34.19.1).
    private static var tlsConfiguration: TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        return configuration
    }

    /// One connection, or a ``PostgresOpeningError`` within ``connectTimeout``.
    private static func connect(
        _ configuration: PostgresConnection.Configuration, url: PostgresDatabaseURL, logger: Logger
    ) async throws -> PostgresConnection {
        do {
            return try await withThrowingTaskGroup(of: PostgresConnection?.self) { group in
                group.addTask { try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger) }
                group.addTask {
                    try await Task.sleep(for: connectTimeout)
                    return nil
                }
                let first: PostgresConnection?
                do {
                    first = try await group.next() ?? nil
                } catch {
                    group.cancelAll()
                    throw error
                }
                group.cancelAll()
                // A connection made just too late must still be closed (postgres-nio asserts it).
                while let late = try? await group.next() { try? await late?.close() }
                guard let first else {
                    throw PostgresOpeningError("cannot reach PostgreSQL at \(url.host):\(url.port): no answer within \(connectTimeout)")
                }
                return first
            }
        } catch let error as PostgresOpeningError {
            throw error
        } catch {
            throw PostgresOpeningError.explaining(error, url: url)
        }
    }

    /// Closes the pool and the change-notification connections, and waits until they are closed. Idempotent:
    /// the server and an admin command each call it once when done, and calling it again does nothing. Every
    /// call to the store fails afterwards.
    package func shutdown() async {
        let tasks = listeners.withLock { listeners in
            listeners.closed = true
            defer { listeners.tasks = [:] }
            return Array(listeners.tasks.values)
        }
        for task in tasks { task.cancel() }
        runTask.cancel()
        for task in tasks { await task.value }
        await runTask.value
    }

    /// The versions of the migrations applied to the database, in order (``PostgresSchema``).
    package func appliedMigrations() async throws -> [Int] {
        try await read { connection in
            try await connection.rows("SELECT version FROM schema_migrations ORDER BY version", logger: self.logger).map { try $0.value("version") }
        }
    }

    package func checkHealth() async throws {
        try await read { connection in try await connection.rows("SELECT 1", logger: self.logger) }
    }

    // MARK: Change notifications

    /// See ``ChangeNotifier``: each stream has its own `LISTEN` connection (``ChangeListener``); wakes that arrive
    /// while the consumer is busy are coalesced into one.
    package func changeNotifications() -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let listener = ChangeListener(configuration: connectionConfiguration, logger: logger)
        let id = listeners.withLock { listeners in
            defer { listeners.nextID += 1 }
            return listeners.nextID
        }
        let task = Task {
            await listener.run { continuation.yield() }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        let closed = listeners.withLock { listeners in
            if !listeners.closed { listeners.tasks[id] = task }
            return listeners.closed
        }
        if closed { task.cancel() }
        return stream
    }

    // MARK: Transactions

    /// Runs `body` in a transaction on a pooled connection; errors are mapped by ``PostgresStoreError/map(_:)``.
    func transaction<Value: Sendable>(
        function: String = #function, _ body: @escaping @Sendable (PostgresConnection) async throws -> Value
    ) async throws -> Value {
        do {
            return try await ChildSpan.database("postgresql", function: function, tracer: tracer) {
                try await metrics.measure(writes: true) {
                    try await client.withTransaction(logger: logger) { connection in try await body(connection) }
                }
            }
        } catch {
            throw PostgresStoreError.map(error)
        }
    }

    /// Runs `body`, which only reads, on a pooled connection outside any explicit transaction.
    @discardableResult
    func read<Value: Sendable>(
        function: String = #function, _ body: @escaping @Sendable (PostgresConnection) async throws -> Value
    ) async throws -> Value {
        do {
            return try await ChildSpan.database("postgresql", function: function, tracer: tracer) {
                try await metrics.measure(writes: false) { try await client.withConnection { connection in try await body(connection) } }
            }
        } catch {
            throw PostgresStoreError.map(error)
        }
    }

    /// Appends a change to the feed and notifies the followers, as the last statement of a transaction: the
    /// `change_feed_head` row stays locked until commit, so that the next change's sequence is taken only once
    /// this one is visible (sequence order is commit order; ``ChangeFeed``). `NOTIFY` is delivered at commit.
    func recordChange(_ connection: PostgresConnection, _ entity: Change.Entity, key: String, now: Double) async throws {
        try await connection.rows(
            """
            WITH head AS (UPDATE change_feed_head SET sequence = sequence + 1 RETURNING sequence),
            appended AS (
                INSERT INTO change_feed (sequence, entity, key, changed_at)
                SELECT sequence, \(entity.rawValue), \(key), \(now) FROM head
                RETURNING sequence)
            SELECT pg_notify(\(ChangeListener.channel), '') FROM appended
            """, logger: logger)
    }

    var now: Double { clock.now().timeIntervalSince1970 }

    // MARK: Tokens

    package func saveTokens(_ tokens: [IssuedToken]) async throws {
        guard !tokens.isEmpty else { return }
        try await ChildSpan.database("postgresql", function: #function, tracer: tracer) { try await tokenWriter.submit(tokens) }
    }

    /// One multi-row INSERT, committed on its own (all rows or none): the commit of a ``GroupCommit`` batch.
    private static func insertTokens(_ tokens: [IssuedToken], client: PostgresClient, logger: Logger) async throws {
        let columns = 12
        var bindings = PostgresBindings(capacity: tokens.count * columns)
        var rows: [String] = []
        for (index, token) in tokens.enumerated() {
            rows.append("(" + (1...columns).map { "$\(index * columns + $0)" }.joined(separator: ", ") + ")")
            try bindings.append(token.digest.bytes)
            bindings.append(token.applicationID)
            bindings.append(token.kind.rawValue)
            bindings.append(token.grantID)
            bindings.append(token.scope)
            bindings.append(token.credentialGeneration)
            bindings.append(token.grantGeneration)
            bindings.append(token.issuedAt.timeIntervalSince1970)
            bindings.append(token.expiresAt.timeIntervalSince1970)
            bindings.append(token.revokedAt?.timeIntervalSince1970)
            bindings.append(token.authTime?.timeIntervalSince1970)
            bindings.append(token.dpopKeyThumbprint)
        }
        let query = PostgresQuery(
            unsafeSQL: """
                INSERT INTO issued_tokens (digest, application_id, kind, grant_id, scope, credential_generation,
                    grant_generation, issued_at, expires_at, revoked_at, auth_time, dpop_jkt)
                VALUES \(rows.joined(separator: ", "))
                """,
            binds: bindings)
        // One statement is its own transaction: no BEGIN and COMMIT round trips around it.
        do {
            try await client.withConnection { connection -> Void in
                try await connection.rows(query, logger: logger)
            }
        } catch {
            throw PostgresStoreError.map(error)
        }
    }

    package func token(digest: TokenDigest) async throws -> IssuedToken? {
        try await read { connection in
            try await connection.rows("SELECT * FROM issued_tokens WHERE digest = \(digest.bytes)", logger: self.logger).first.map { row in
                IssuedToken(
                    digest: TokenDigest(bytes: try row.value("digest")), applicationID: try row.value("application_id"),
                    kind: try StoredValue.decode(IssuedToken.Kind.self, try row.value("kind")), grantID: try row.value("grant_id"),
                    scope: try row.value("scope"), credentialGeneration: try row.value("credential_generation"),
                    grantGeneration: try row.value("grant_generation"),
                    issuedAt: Date(timeIntervalSince1970: try row.value("issued_at")),
                    expiresAt: Date(timeIntervalSince1970: try row.value("expires_at")),
                    revokedAt: try row.value("revoked_at", as: Double?.self).map(Date.init(timeIntervalSince1970:)),
                    authTime: try row.value("auth_time", as: Double?.self).map(Date.init(timeIntervalSince1970:)),
                    dpopKeyThumbprint: try row.value("dpop_jkt"))
            }
        }
    }

    package func deleteExpired(before cutoff: Date) async throws -> Int {
        let time = cutoff.timeIntervalSince1970
        return try await transaction { connection in
            try await connection.rows(
                """
                WITH tokens AS (DELETE FROM issued_tokens WHERE expires_at < \(time) RETURNING 1),
                codes AS (DELETE FROM authorization_codes WHERE expires_at < \(time) RETURNING 1),
                links AS (DELETE FROM single_use_links WHERE expires_at < \(time) RETURNING 1),
                devices AS (DELETE FROM device_authorizations WHERE expires_at < \(time) RETURNING 1),
                pushed AS (DELETE FROM pushed_authorization_requests WHERE expires_at < \(time) RETURNING 1)
                SELECT (SELECT count(*) FROM tokens) + (SELECT count(*) FROM codes) + (SELECT count(*) FROM links)
                    + (SELECT count(*) FROM devices) + (SELECT count(*) FROM pushed) AS deleted
                """, logger: self.logger
            ).first?.value("deleted") ?? 0
        }
    }
}
