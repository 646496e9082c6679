import Foundation
import Logging
import PlatformStore
import PlatformStorePostgres
import PlatformStoreSQLite
import PostgresNIO

/// The store drivers a test can run against (ARCHITECTURE.md, "Tests": "Store contract tests run against every
/// driver available"): `@Test(arguments: StoreDriver.available)`.
///
/// PostgreSQL comes from `ORANGERIE_TEST_POSTGRES_URL`, an administrator's URL such as
/// `postgres://postgres@127.0.0.1:5432/postgres` (`scripts/test-postgres start DIR` prints one; `.ci/run` sets it);
/// each test gets a database of its own, created through it. When the variable is unset, PostgreSQL cases are
/// left out, except when `CI` is set: then they fail, saying so, rather than pass unseen.
package enum StoreDriver: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    /// The environment variable holding the administrator's URL of the test server.
    package static let postgresURLVariable = "ORANGERIE_TEST_POSTGRES_URL"

    /// SQLite always; PostgreSQL when a test server is given, or when `CI` is set (its tests then fail).
    package static var available: [StoreDriver] {
        let environment = ProcessInfo.processInfo.environment
        return environment[postgresURLVariable] != nil || environment["CI"] != nil ? [.sqlite, .postgres] : [.sqlite]
    }

    package var description: String { rawValue }

    /// A fresh, empty database for this driver, which the caller drops with ``TestDatabase/drop()``.
    package func makeDatabase() async throws -> TestDatabase {
        switch self {
        case .sqlite:
            return TestDatabase(driver: .sqlite, location: TemporaryDirectory().path + "/store.sqlite")
        case .postgres:
            let admin = try Self.postgresAdminURL()
            let name = "orangerie_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
            try await TestDatabase.administer(admin, "CREATE DATABASE \(name)")
            return TestDatabase(driver: .postgres, location: admin.with(database: String(name)).absoluteString, admin: admin)
        }
    }

    /// A store on a fresh database; the caller shuts it down (``PlatformStore/shutdown()``). The database is left
    /// behind: prefer ``withStore(clock:_:)``, which drops it.
    package func makeStore(clock: WallClock = .system) async throws -> any PlatformStore {
        try await makeDatabase().openStore(clock: clock)
    }

    /// Runs `body` with a store on a fresh database, then shuts the store down and drops the database.
    package func withStore<Value>(clock: WallClock = .system, _ body: (any PlatformStore) async throws -> Value) async throws -> Value {
        try await withStores(1, clock: clock) { stores in try await body(stores[0]) }
    }

    /// Runs `body` with `count` stores on one fresh database, as `count` instances (or an instance and the CLI),
    /// then shuts them down and drops the database.
    package func withStores<Value>(
        _ count: Int, clock: WallClock = .system, _ body: ([any PlatformStore]) async throws -> Value
    ) async throws -> Value {
        let database = try await makeDatabase()
        var stores: [any PlatformStore] = []
        func close() async {
            for store in stores { await store.shutdown() }
            await database.drop()
        }
        do {
            for _ in 0..<count { stores.append(try await database.openStore(clock: clock)) }
            let value = try await body(stores)
            await close()
            return value
        } catch {
            await close()
            throw error
        }
    }

    /// Runs one statement as the test server's administrator (to create a role, say).
    package static func administerPostgres(_ sql: String) async throws {
        try await TestDatabase.administer(try postgresAdminURL(), sql)
    }

    private static func postgresAdminURL() throws -> PostgresDatabaseURL {
        guard let text = ProcessInfo.processInfo.environment[postgresURLVariable] else {
            throw TestDatabaseUnavailable(
                "\(postgresURLVariable) is not set and CI is: the PostgreSQL store tests must run in CI (.ci/run starts "
                    + "PostgreSQL with scripts/test-postgres)")
        }
        return try PostgresDatabaseURL(text)
    }
}

/// One database for a test: a SQLite file, or a PostgreSQL database created for it. Several stores can be opened
/// on it, as several instances (or an instance and the CLI) would.
package struct TestDatabase: Sendable {
    package let driver: StoreDriver
    /// What `--database` takes: the SQLite file's path, or the PostgreSQL URL (with its password, if any: not for
    /// logs).
    package let location: String
    fileprivate var admin: PostgresDatabaseURL?

    fileprivate init(driver: StoreDriver, location: String, admin: PostgresDatabaseURL? = nil) {
        self.driver = driver
        self.location = location
        self.admin = admin
    }

    /// Opens a store on this database; the caller shuts it down.
    package func openStore(clock: WallClock = .system, poolSize: Int = 8) async throws -> any PlatformStore {
        switch driver {
        case .sqlite: try SQLitePlatformStore(path: location, clock: clock)
        case .postgres: try await PostgresPlatformStore(url: try PostgresDatabaseURL(location), clock: clock, poolSize: poolSize, logger: Self.quiet)
        }
    }

    /// Runs one statement on this PostgreSQL database as its administrator: what no store method does, such as
    /// breaking a table to see how the platform copes.
    package func administer(_ sql: String) async throws {
        try await Self.administer(try PostgresDatabaseURL(location), sql)
    }

    /// Drops a PostgreSQL database, closing whatever connection is left on it; a SQLite file stays, for inspection.
    package func drop() async {
        guard let admin, let url = try? PostgresDatabaseURL(location) else { return }
        try? await Self.administer(admin, "DROP DATABASE IF EXISTS \(url.database) WITH (FORCE)")
    }

    /// Runs one statement (`CREATE DATABASE` cannot run in a transaction) on a connection of its own.
    fileprivate static func administer(_ url: PostgresDatabaseURL, _ sql: String) async throws {
        let configuration = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database, tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: quiet)
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: quiet)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }

    private static let quiet = Logger(label: "test-database", factory: { _ in SwiftLogNoOpLogHandler() })
}

/// The PostgreSQL tests cannot run where they must.
package struct TestDatabaseUnavailable: Error, CustomStringConvertible {
    package var description: String
    init(_ description: String) { self.description = description }
}
