import Foundation
import GRDB
import PlatformStore

// Usage rows (issue 13, item 1): each flush adds to its hourly rows in one transaction, one additive upsert per row;
// the pruner moves hours older than 90 days into daily rows.
extension SQLitePlatformStore {
    package func addUsage(_ tallies: [UsageKey: UsageTally]) async throws {
        guard !tallies.isEmpty else { return }
        let columns = ["client_id", "api", "hour", "outcome", "calls", "latency_sum"] + UsageTally.bucketColumns
        let sql = """
            INSERT INTO usage_hourly (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))
            ON CONFLICT (client_id, api, hour, outcome) DO UPDATE SET \(Self.usageAdditions)
            """
        try await write { db in
            let statement = try db.cachedStatement(sql: sql)
            for (key, tally) in UsageKey.writingOrder(tallies) {
                let values: [any DatabaseValueConvertible] =
                    [key.clientID, key.apiName, key.start, key.outcome.storedValue, tally.calls, tally.latencySum] + tally.buckets
                try statement.execute(arguments: StatementArguments(values))
            }
        }
    }

    package func usage(
        clientID: String?, apiName: String?, in starts: Range<Int>, per period: UsagePeriod
    ) async throws -> [UsageKey: UsageTally] {
        let filter = "AND (? IS NULL OR client_id = ?) AND (? IS NULL OR api = ?)"
        var sql = """
            SELECT client_id, api, hour - hour % \(period.rawValue) AS start, outcome, \(Self.usageSums) FROM usage_hourly
            WHERE hour >= ? AND hour < ? \(filter) GROUP BY client_id, api, start, outcome
            """
        var arguments: StatementArguments = [starts.lowerBound, starts.upperBound, clientID, clientID, apiName, apiName]
        if period == .day {
            sql += """

                UNION ALL SELECT client_id, api, day AS start, outcome, calls, latency_sum, \(UsageTally.bucketColumns.joined(separator: ", "))
                FROM usage_daily WHERE day >= ? AND day < ? \(filter)
                """
            arguments += [starts.lowerBound, starts.upperBound, clientID, clientID, apiName, apiName]
        }
        return try await pool.read { [sql, arguments] db in
            var usage: [UsageKey: UsageTally] = [:]
            for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
                let stored: String = row["outcome"]
                guard let outcome = UsageOutcome(storedValue: stored) else { throw DatabaseCorruption(column: "outcome", value: stored) }
                usage.add(
                    UsageTally(calls: row["calls"], latencySum: row["latency_sum"], buckets: UsageTally.bucketColumns.map { row[$0] }),
                    to: UsageKey(clientID: row["client_id"], apiName: row["api"], start: row["start"], outcome: outcome))
            }
            return usage
        }
    }

    /// SQLite has one writer: the hours are summed into their days, then deleted, in one transaction.
    package func rollUpUsage(hoursBefore: Int, daysBefore: Int) async throws -> (moved: Int, deleted: Int) {
        let columns = ["client_id", "api", "day", "outcome", "calls", "latency_sum"] + UsageTally.bucketColumns
        return try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO usage_daily (\(columns.joined(separator: ", ")))
                    SELECT client_id, api, hour - hour % 86400 AS day, outcome, \(Self.usageSums) FROM usage_hourly
                    WHERE hour < ? GROUP BY client_id, api, day, outcome
                    ON CONFLICT (client_id, api, day, outcome) DO UPDATE SET \(Self.usageAdditions)
                    """, arguments: [hoursBefore])
            try db.execute(sql: "DELETE FROM usage_hourly WHERE hour < ?", arguments: [hoursBefore])
            let moved = db.changesCount
            try db.execute(sql: "DELETE FROM usage_daily WHERE day < ?", arguments: [daysBefore])
            return (moved, db.changesCount)
        }
    }

    /// `calls = calls + excluded.calls, …`: an upsert's additions to every count.
    private static let usageAdditions = (["calls", "latency_sum"] + UsageTally.bucketColumns)
        .map { "\($0) = \($0) + excluded.\($0)" }.joined(separator: ", ")
    /// `SUM(calls) AS calls, …`: every count summed over a group.
    private static let usageSums = (["calls", "latency_sum"] + UsageTally.bucketColumns)
        .map { "SUM(\($0)) AS \($0)" }.joined(separator: ", ")
}
