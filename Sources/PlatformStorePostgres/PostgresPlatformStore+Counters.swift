import Foundation
import PlatformStore
import PostgresNIO

// Limit counters shared by every instance, and the change feed.
extension PostgresPlatformStore {
    /// One `INSERT … ON CONFLICT DO UPDATE … WHERE … RETURNING`, never a read then a write (ARCHITECTURE.md, "Limits
    /// behind one protocol").
    ///
    /// The window comes from `clock_timestamp()`, the database's clock, read in the `DO UPDATE` clause, that is once
    /// the counter's row is locked: so windows only move forward in the order the row is updated. (`now()` is the
    /// time the statement started, before it waited for the lock: a statement started just before a window's end
    /// but served after a later one would otherwise count in the window that ended.)
    package func addToLimitCounter(key: String, period: Period, amount: Int, limit: Int) async throws -> LimitCount {
        let period = period.rawValue
        return try await read { connection in
            let counted = try await connection.rows(
                """
                INSERT INTO limit_counters AS counter (key, period, window_end, count)
                SELECT \(key), \(period), orangerie_window_end(\(period), clock_timestamp()), \(amount) WHERE \(amount) <= \(limit)
                ON CONFLICT (key, period) DO UPDATE SET
                    count = CASE WHEN counter.window_end >= orangerie_window_end(counter.period, clock_timestamp())
                        THEN counter.count ELSE 0 END + excluded.count,
                    window_end = greatest(counter.window_end, orangerie_window_end(counter.period, clock_timestamp()))
                WHERE CASE WHEN counter.window_end >= orangerie_window_end(counter.period, clock_timestamp())
                    THEN counter.count ELSE 0 END + excluded.count <= \(limit)
                RETURNING count, window_end, extract(epoch FROM clock_timestamp())::double precision AS now
                """, logger: self.logger)
            if let row = counted.first {
                return LimitCount(added: true, count: try row.value("count"), windowEnd: try row.value("window_end"), now: try row.value("now"))
            }
            return try await self.limitCount(connection, key: key, period: period)
        }
    }

    package func limitCount(key: String, period: Period) async throws -> LimitCount {
        try await read { connection in try await self.limitCount(connection, key: key, period: period.rawValue) }
    }

    private func limitCount(_ connection: PostgresConnection, key: String, period: String) async throws -> LimitCount {
        let row = try await connection.rows(
            """
            SELECT this_window.window_end, extract(epoch FROM this_window.at)::double precision AS now,
                coalesce((SELECT counter.count FROM limit_counters AS counter WHERE counter.key = \(key) AND counter.period = \(period)
                    AND counter.window_end >= this_window.window_end), 0) AS count
            FROM (SELECT orangerie_window_end(\(period), at) AS window_end, at FROM (SELECT clock_timestamp() AS at) AS clock) AS this_window
            """, logger: logger)[0]
        return LimitCount(added: false, count: try row.value("count"), windowEnd: try row.value("window_end"), now: try row.value("now"))
    }

    package func resetLimitCounter(key: String, period: Period) async throws {
        try await read { connection in
            try await connection.rows("DELETE FROM limit_counters WHERE key = \(key) AND period = \(period.rawValue)", logger: self.logger)
        }
    }

    package func limitCounters(endingAfter now: Date) async throws -> [LimitCounter] {
        try await read { connection in
            try await connection.rows(
                "SELECT * FROM limit_counters WHERE window_end > \(Int(now.timeIntervalSince1970)) ORDER BY key COLLATE \"C\", period COLLATE \"C\"",
                logger: self.logger
            ).map { row in
                LimitCounter(
                    key: try row.value("key"), period: try StoredValue.decode(Period.self, try row.value("period")),
                    windowEnd: try row.value("window_end"), count: try row.value("count"))
            }
        }
    }

    package func deleteLimitCounters(endingBefore cutoff: Date) async throws -> Int {
        try await read { connection in
            try await connection.rows(
                """
                WITH deleted AS (DELETE FROM limit_counters WHERE window_end < \(Int(cutoff.timeIntervalSince1970)) RETURNING 1)
                SELECT count(*) AS deleted FROM deleted
                """, logger: self.logger
            )[0].value("deleted")
        }
    }

    // MARK: Change feed

    package func changes(after sequence: Int64, limit: Int) async throws -> [Change] {
        try await read { connection in
            try await connection.rows(
                "SELECT sequence, entity, key FROM change_feed WHERE sequence > \(sequence) ORDER BY sequence LIMIT \(limit)",
                logger: self.logger
            ).map { row in
                Change(
                    sequence: try row.value("sequence"), entity: try StoredValue.decode(Change.Entity.self, try row.value("entity")),
                    key: try row.value("key"))
            }
        }
    }

    package func latestChangeSequence() async throws -> Int64 {
        try await read { connection in
            try await connection.rows("SELECT coalesce(max(sequence), 0) AS sequence FROM change_feed", logger: self.logger)[0].value("sequence")
        }
    }

    package func oldestChangeSequence() async throws -> Int64 {
        try await read { connection in
            try await connection.rows("SELECT coalesce(min(sequence), 0) AS sequence FROM change_feed", logger: self.logger)[0].value("sequence")
        }
    }

    package func deleteChanges(before cutoff: Date) async throws -> Int {
        try await read { connection in
            try await connection.rows(
                """
                WITH deleted AS (
                    DELETE FROM change_feed
                    WHERE sequence <= (SELECT max(sequence) FROM change_feed WHERE changed_at < \(cutoff.timeIntervalSince1970))
                        AND sequence < (SELECT max(sequence) FROM change_feed)
                    RETURNING 1)
                SELECT count(*) AS deleted FROM deleted
                """, logger: self.logger
            )[0].value("deleted")
        }
    }
}
