import GRDB

/// The SQLite database's write lock, held by the test on a connection of its own (`BEGIN IMMEDIATE`) until
/// ``release(after:)``: the server's writer waits for it (its busy timeout is 10 s), so the token requests sent
/// meanwhile queue behind one commit, and none can be answered before it.
struct HeldWriteLock: Sendable {
    private let queue: DatabaseQueue

    init(path: String) async throws {
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        configuration.busyMode = .timeout(10)
        queue = try DatabaseQueue(path: path, configuration: configuration)
        try await queue.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
    }

    /// Runs `sql` in the held transaction, then commits it, which lets the server's writer in.
    func release(after sql: String = "") async throws {
        try await queue.writeWithoutTransaction { db in
            if !sql.isEmpty { try db.execute(sql: sql) }
            try db.execute(sql: "COMMIT")
        }
    }

    /// How many tokens the database holds.
    func tokenCount() async throws -> Int {
        try await queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM issued_tokens") ?? 0 }
    }
}
