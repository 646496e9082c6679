import Logging
import PostgresNIO

extension PostgresConnection {
    /// Runs `query` and reads every row it returns, so that an error the server sends after the first row is
    /// thrown here rather than lost with an unread sequence.
    @discardableResult
    func rows(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRandomAccessRow] {
        try await self.query(query, logger: logger).collect().map { $0.makeRandomAccess() }
    }
}

extension PostgresRandomAccessRow {
    /// The value of `column`, decoded as `type`.
    func value<Value: PostgresDecodable>(_ column: String, as type: Value.Type = Value.self) throws -> Value {
        try self[column].decode(Value.self)
    }
}
