import Foundation
import GRDB
import PlatformStore

// Usage rows (issue 13, item 1): each flush adds to its hourly and daily rows in one transaction, one additive upsert
// per row.
extension SQLitePlatformStore {
    package func addUsage(_ tallies: [UsageKey: UsageTally]) async throws {
        guard !tallies.isEmpty else { return }
        let counts = ["outcome", "calls", "latency_sum"] + UsageTally.bucketColumns
        func upsert(_ table: String, _ period: String) -> String {
            let columns = ["client_id", "api", period] + counts
            return """
                INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))
                ON CONFLICT (client_id, api, \(period), outcome) DO UPDATE SET \(Self.usageAdditions)
                """
        }
        let (hourly, daily) = (upsert("usage_hourly", "hour"), upsert("usage_daily", "day"))
        try await write { db in
            let (hour, day) = (try db.cachedStatement(sql: hourly), try db.cachedStatement(sql: daily))
            for (key, tally) in UsageKey.writingOrder(tallies) {
                let counts: [any DatabaseValueConvertible] = [key.outcome.storedValue, tally.calls, tally.latencySum] + tally.buckets
                try hour.execute(arguments: StatementArguments([key.clientID, key.apiName, key.start] + counts))
                try day.execute(arguments: StatementArguments([key.clientID, key.apiName, UsagePeriod.day.start(of: key.start)] + counts))
            }
        }
    }

    /// Reads one table, with the conditions written only for the filters given, so that SQLite picks the index that
    /// serves them (`client_id, hour` for an application's page).
    package func usage(
        clientID: String?, apiName: String?, in starts: Range<Int>, per period: UsagePeriod
    ) async throws -> [UsageKey: UsageTally] {
        let (table, column) = period == .hour ? ("usage_hourly", "hour") : ("usage_daily", "day")
        var conditions = ["\(column) >= ?", "\(column) < ?"]
        var arguments: StatementArguments = [starts.lowerBound, starts.upperBound]
        if let clientID { conditions.append("client_id = ?"); arguments += [clientID] }
        if let apiName { conditions.append("api = ?"); arguments += [apiName] }
        // Columns read by position: GRDB finds a column by name with a search, which was most of a 30-day page's time.
        let columns = ["client_id", "api", column, "outcome", "calls", "latency_sum"] + UsageTally.bucketColumns
        let sql = "SELECT \(columns.joined(separator: ", ")) FROM \(table) WHERE \(conditions.joined(separator: " AND "))"
        return try await read { [arguments] db in
            var usage: [UsageKey: UsageTally] = [:]
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                let stored: String = row[3]
                guard let outcome = UsageOutcome(storedValue: stored) else { throw DatabaseCorruption(column: "outcome", value: stored) }
                usage[UsageKey(clientID: row[0], apiName: row[1], start: row[2], outcome: outcome)] =
                    UsageTally(calls: row[4], latencySum: row[5], buckets: (6..<6 + UsageTally.bucketColumns.count).map { row[$0] })
            }
            return usage
        }
    }

    package func deleteUsage(hoursBefore: Int, daysBefore: Int) async throws -> (hours: Int, days: Int) {
        try await write { db in
            try db.execute(sql: "DELETE FROM usage_hourly WHERE hour < ?", arguments: [hoursBefore])
            let hours = db.changesCount
            try db.execute(sql: "DELETE FROM usage_daily WHERE day < ?", arguments: [daysBefore])
            return (hours, db.changesCount)
        }
    }

    /// `calls = calls + excluded.calls, …`: an upsert's additions to every count.
    private static let usageAdditions = (["calls", "latency_sum"] + UsageTally.bucketColumns)
        .map { "\($0) = \($0) + excluded.\($0)" }.joined(separator: ", ")
}
