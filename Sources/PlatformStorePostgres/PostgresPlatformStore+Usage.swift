import Foundation
import PlatformStore
import PostgresNIO

// Usage rows (issue 13, item 1): each flush adds to its hourly rows in one transaction, one additive upsert per row;
// the pruner moves hours older than 90 days into daily rows.
extension PostgresPlatformStore {
    package func addUsage(_ tallies: [UsageKey: UsageTally]) async throws {
        guard !tallies.isEmpty else { return }
        try await transaction { connection in
            for (key, tally) in UsageKey.writingOrder(tallies) {
                let b = tally.buckets
                let query: PostgresQuery = """
                    INSERT INTO usage_hourly (client_id, api, hour, outcome, calls, latency_sum, \(unescaped: Self.bucketList))
                    VALUES (\(key.clientID), \(key.apiName), \(key.start), \(key.outcome.storedValue), \(tally.calls), \(tally.latencySum),
                        \(b[0]), \(b[1]), \(b[2]), \(b[3]), \(b[4]), \(b[5]), \(b[6]), \(b[7]), \(b[8]), \(b[9]), \(b[10]), \(b[11]), \(b[12]))
                    ON CONFLICT (client_id, api, hour, outcome) DO UPDATE SET \(unescaped: Self.additions(to: "usage_hourly"))
                    """
                try await connection.rows(query, logger: self.logger)
            }
        }
    }

    package func usage(
        clientID: String?, apiName: String?, in starts: Range<Int>, per period: UsagePeriod
    ) async throws -> [UsageKey: UsageTally] {
        try await read { connection in
            var rows = try await connection.rows(
                """
                SELECT client_id, api, hour - hour % \(period.rawValue) AS start, outcome, \(unescaped: Self.sums) FROM usage_hourly
                WHERE hour >= \(starts.lowerBound) AND hour < \(starts.upperBound)
                    AND (\(clientID)::text IS NULL OR client_id = \(clientID)) AND (\(apiName)::text IS NULL OR api = \(apiName))
                GROUP BY client_id, api, start, outcome
                """, logger: self.logger)
            if period == .day {
                rows += try await connection.rows(
                    """
                    SELECT client_id, api, day AS start, outcome, calls, latency_sum, \(unescaped: Self.bucketList) FROM usage_daily
                    WHERE day >= \(starts.lowerBound) AND day < \(starts.upperBound)
                        AND (\(clientID)::text IS NULL OR client_id = \(clientID)) AND (\(apiName)::text IS NULL OR api = \(apiName))
                    """, logger: self.logger)
            }
            var usage: [UsageKey: UsageTally] = [:]
            for row in rows {
                let stored: String = try row.value("outcome")
                guard let outcome = UsageOutcome(storedValue: stored) else { throw DatabaseCorruption(column: "outcome", value: stored) }
                usage.add(
                    UsageTally(
                        calls: try row.value("calls"), latencySum: try row.value("latency_sum"),
                        buckets: try UsageTally.bucketColumns.map { try row.value($0) }),
                    to: UsageKey(clientID: try row.value("client_id"), apiName: try row.value("api"), start: try row.value("start"), outcome: outcome))
            }
            return usage
        }
    }

    /// One statement moves the hours: the rows it deletes are the ones it adds to their days, so that two instances
    /// rolling up at once never count an hour twice (the second waits for the first's row locks, then finds them gone).
    package func rollUpUsage(hoursBefore: Int, daysBefore: Int) async throws -> (moved: Int, deleted: Int) {
        try await transaction { connection in
            let moved = try await connection.rows(
                """
                WITH moved AS (DELETE FROM usage_hourly WHERE hour < \(hoursBefore) RETURNING *),
                added AS (
                    INSERT INTO usage_daily (client_id, api, day, outcome, calls, latency_sum, \(unescaped: Self.bucketList))
                    SELECT client_id, api, hour - hour % 86400, outcome, \(unescaped: Self.sums) FROM moved
                    GROUP BY client_id, api, hour - hour % 86400, outcome
                    ON CONFLICT (client_id, api, day, outcome) DO UPDATE SET \(unescaped: Self.additions(to: "usage_daily"))
                    RETURNING 1)
                SELECT (SELECT count(*) FROM moved) AS moved
                """, logger: self.logger)
            let deleted = try await connection.rows(
                """
                WITH deleted AS (DELETE FROM usage_daily WHERE day < \(daysBefore) RETURNING 1) SELECT count(*) AS deleted FROM deleted
                """, logger: self.logger)
            return (try moved[0].value("moved", as: Int.self), try deleted[0].value("deleted", as: Int.self))
        }
    }

    /// `b0, b1, …, b12`.
    private static let bucketList = UsageTally.bucketColumns.joined(separator: ", ")
    /// `SUM(calls)::bigint AS calls, …`: every count summed over a group (a sum of bigints is a numeric otherwise).
    private static let sums = "SUM(calls)::bigint AS calls, SUM(latency_sum) AS latency_sum, "
        + UsageTally.bucketColumns.map { "SUM(\($0))::bigint AS \($0)" }.joined(separator: ", ")

    /// `calls = TABLE.calls + excluded.calls, …`: an upsert's additions to every count of `table`.
    private static func additions(to table: String) -> String {
        (["calls", "latency_sum"] + UsageTally.bucketColumns).map { "\($0) = \(table).\($0) + excluded.\($0)" }.joined(separator: ", ")
    }
}
