import Foundation
import PlatformStore
import PostgresNIO

// Usage rows (issue 13, item 1): each flush adds to its rows in one transaction, one additive upsert per row.
extension PostgresPlatformStore {
    package func addUsage(_ tallies: [UsageKey: UsageTally]) async throws {
        guard !tallies.isEmpty else { return }
        try await transaction { connection in
            for (key, tally) in UsageKey.writingOrder(tallies) {
                let b = tally.buckets
                try await connection.rows(
                    """
                    INSERT INTO usage_hourly (client_id, api, hour, outcome, calls, latency_sum,
                        b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, b12)
                    VALUES (\(key.clientID), \(key.apiName), \(key.hour), \(key.outcome.storedValue), \(tally.calls), \(tally.latencySum),
                        \(b[0]), \(b[1]), \(b[2]), \(b[3]), \(b[4]), \(b[5]), \(b[6]), \(b[7]), \(b[8]), \(b[9]), \(b[10]), \(b[11]), \(b[12]))
                    ON CONFLICT (client_id, api, hour, outcome) DO UPDATE SET calls = usage_hourly.calls + excluded.calls,
                        latency_sum = usage_hourly.latency_sum + excluded.latency_sum,
                        b0 = usage_hourly.b0 + excluded.b0, b1 = usage_hourly.b1 + excluded.b1, b2 = usage_hourly.b2 + excluded.b2,
                        b3 = usage_hourly.b3 + excluded.b3, b4 = usage_hourly.b4 + excluded.b4, b5 = usage_hourly.b5 + excluded.b5,
                        b6 = usage_hourly.b6 + excluded.b6, b7 = usage_hourly.b7 + excluded.b7, b8 = usage_hourly.b8 + excluded.b8,
                        b9 = usage_hourly.b9 + excluded.b9, b10 = usage_hourly.b10 + excluded.b10, b11 = usage_hourly.b11 + excluded.b11,
                        b12 = usage_hourly.b12 + excluded.b12
                    """, logger: self.logger)
            }
        }
    }

    package func usage(clientID: String?, apiName: String?, hours: Range<Int>) async throws -> [UsageKey: UsageTally] {
        try await read { connection in
            let rows = try await connection.rows(
                """
                SELECT * FROM usage_hourly WHERE hour >= \(hours.lowerBound) AND hour < \(hours.upperBound)
                    AND (\(clientID)::text IS NULL OR client_id = \(clientID)) AND (\(apiName)::text IS NULL OR api = \(apiName))
                """, logger: self.logger)
            var usage: [UsageKey: UsageTally] = [:]
            for row in rows {
                let stored: String = try row.value("outcome")
                guard let outcome = UsageOutcome(storedValue: stored) else { throw DatabaseCorruption(column: "outcome", value: stored) }
                let key = UsageKey(clientID: try row.value("client_id"), apiName: try row.value("api"), hour: try row.value("hour"), outcome: outcome)
                usage[key] = UsageTally(
                    calls: try row.value("calls"), latencySum: try row.value("latency_sum"),
                    buckets: try (0...UsageTally.bucketBounds.count).map { try row.value("b\($0)") })
            }
            return usage
        }
    }
}
