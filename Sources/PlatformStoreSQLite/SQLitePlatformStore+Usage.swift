import Foundation
import GRDB
import PlatformStore

// Usage rows (issue 13, item 1): each flush adds to its rows in one transaction, one additive upsert per row.
extension SQLitePlatformStore {
    /// `b0, b1, …, b12`: the latency buckets' columns.
    static let usageBucketColumns = (0...UsageTally.bucketBounds.count).map { "b\($0)" }

    package func addUsage(_ tallies: [UsageKey: UsageTally]) async throws {
        guard !tallies.isEmpty else { return }
        let columns = Self.usageBucketColumns
        let sql = """
            INSERT INTO usage_hourly (client_id, api, hour, outcome, calls, latency_sum, \(columns.joined(separator: ", ")))
            VALUES (?, ?, ?, ?, ?, ?, \(columns.map { _ in "?" }.joined(separator: ", ")))
            ON CONFLICT (client_id, api, hour, outcome) DO UPDATE SET calls = calls + excluded.calls,
                latency_sum = latency_sum + excluded.latency_sum,
                \(columns.map { "\($0) = \($0) + excluded.\($0)" }.joined(separator: ", "))
            """
        try await write { db in
            let statement = try db.cachedStatement(sql: sql)
            for (key, tally) in UsageKey.writingOrder(tallies) {
                let values: [any DatabaseValueConvertible] =
                    [key.clientID, key.apiName, key.hour, key.outcome.storedValue, tally.calls, tally.latencySum] + tally.buckets
                try statement.execute(arguments: StatementArguments(values))
            }
        }
    }

    package func usage(clientID: String?, apiName: String?, hours: Range<Int>) async throws -> [UsageKey: UsageTally] {
        try await pool.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM usage_hourly WHERE hour >= ? AND hour < ? AND (? IS NULL OR client_id = ?) AND (? IS NULL OR api = ?)
                    """,
                arguments: [hours.lowerBound, hours.upperBound, clientID, clientID, apiName, apiName])
            var usage: [UsageKey: UsageTally] = [:]
            for row in rows {
                let stored: String = row["outcome"]
                guard let outcome = UsageOutcome(storedValue: stored) else { throw DatabaseCorruption(column: "outcome", value: stored) }
                let key = UsageKey(clientID: row["client_id"], apiName: row["api"], hour: row["hour"], outcome: outcome)
                usage[key] = UsageTally(
                    calls: row["calls"], latencySum: row["latency_sum"], buckets: Self.usageBucketColumns.map { row[$0] })
            }
            return usage
        }
    }
}
