import Foundation
import PlatformStore
import PostgresNIO

// Usage rows (issue 13, item 1): each flush adds to its hourly and daily rows in one transaction, one additive upsert
// per row.
extension PostgresPlatformStore {
    package func addUsage(_ tallies: [UsageKey: UsageTally]) async throws {
        guard !tallies.isEmpty else { return }
        try await transaction { connection in
            for (key, tally) in UsageKey.writingOrder(tallies) {
                for (table, period, start) in [("usage_hourly", "hour", key.start), ("usage_daily", "day", UsagePeriod.day.start(of: key.start))] {
                    let b = tally.buckets
                    try await connection.rows(
                        """
                        INSERT INTO \(unescaped: table) (client_id, api, \(unescaped: period), outcome, calls, latency_sum, \(unescaped: Self.bucketList))
                        VALUES (\(key.clientID), \(key.apiName), \(start), \(key.outcome.storedValue), \(tally.calls), \(tally.latencySum),
                            \(b[0]), \(b[1]), \(b[2]), \(b[3]), \(b[4]), \(b[5]), \(b[6]), \(b[7]), \(b[8]), \(b[9]), \(b[10]), \(b[11]), \(b[12]))
                        ON CONFLICT (client_id, api, \(unescaped: period), outcome) DO UPDATE SET \(unescaped: Self.additions(to: table))
                        """, logger: self.logger)
                }
            }
        }
    }

    package func usage(
        clientID: String?, apiName: String?, in starts: Range<Int>, per period: UsagePeriod
    ) async throws -> [UsageKey: UsageTally] {
        let (table, column) = period == .hour ? ("usage_hourly", "hour") : ("usage_daily", "day")
        return try await read { connection in
            let rows = try await connection.rows(
                """
                SELECT *, \(unescaped: column) AS start FROM \(unescaped: table)
                WHERE \(unescaped: column) >= \(starts.lowerBound) AND \(unescaped: column) < \(starts.upperBound)
                    AND (\(clientID)::text IS NULL OR client_id = \(clientID)) AND (\(apiName)::text IS NULL OR api = \(apiName))
                """, logger: self.logger)
            var usage: [UsageKey: UsageTally] = [:]
            for row in rows {
                let stored: String = try row.value("outcome")
                guard let outcome = UsageOutcome(storedValue: stored) else { throw DatabaseCorruption(column: "outcome", value: stored) }
                usage[UsageKey(clientID: try row.value("client_id"), apiName: try row.value("api"), start: try row.value("start"), outcome: outcome)] =
                    UsageTally(
                        calls: try row.value("calls"), latencySum: try row.value("latency_sum"),
                        buckets: try UsageTally.bucketColumns.map { try row.value($0) })
            }
            return usage
        }
    }

    package func deleteUsage(hoursBefore: Int, daysBefore: Int) async throws -> (hours: Int, days: Int) {
        try await transaction { connection in
            let counts = try await connection.rows(
                """
                WITH hours AS (DELETE FROM usage_hourly WHERE hour < \(hoursBefore) RETURNING 1),
                days AS (DELETE FROM usage_daily WHERE day < \(daysBefore) RETURNING 1)
                SELECT (SELECT count(*) FROM hours) AS hours, (SELECT count(*) FROM days) AS days
                """, logger: self.logger)
            return (try counts[0].value("hours", as: Int.self), try counts[0].value("days", as: Int.self))
        }
    }

    /// `b0, b1, …, b12`.
    private static let bucketList = UsageTally.bucketColumns.joined(separator: ", ")

    /// `calls = TABLE.calls + excluded.calls, …`: an upsert's additions to every count of `table`.
    private static func additions(to table: String) -> String {
        (["calls", "latency_sum"] + UsageTally.bucketColumns).map { "\($0) = \(table).\($0) + excluded.\($0)" }.joined(separator: ", ")
    }
}
