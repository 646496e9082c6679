import PlatformStore
import PostgresNIO

/// A PostgreSQL failure the store could not turn into a ``StoreError``, described without the query's values
/// (a bound value may be a digest or a sealed secret; ARCHITECTURE.md, "Secrets never reach a log").
package struct PostgresStoreError: Error, CustomStringConvertible {
    package var description: String

    init(_ description: String) {
        self.description = description
    }

    /// SQLSTATE 23505, `unique_violation` (PostgreSQL manual, Appendix A).
    static let uniqueViolation = "23505"

    /// What `error`, thrown by postgres-nio or by a transaction's body, means for a caller: a unique violation is
    /// ``StoreError/conflict(_:)`` (a rule of ``PlatformStore``); a ``StoreError`` passes unchanged; anything else
    /// becomes a ``PostgresStoreError`` that tells the SQLSTATE and the server's message, never the bound values.
    static func map(_ error: any Error) -> any Error {
        switch error {
        case let error as PostgresTransactionError:
            return map(error.closureError ?? error.commitError ?? error.beginError ?? error.rollbackError ?? error)
        case let error as PSQLError:
            if let state = error.serverInfo?[.sqlState] {
                let message = error.serverInfo?[.message] ?? ""
                if state == uniqueViolation {
                    return StoreError.conflict("already exists (\(error.serverInfo?[.constraintName] ?? message))")
                }
                return PostgresStoreError("PostgreSQL error \(state): \(message)")
            }
            return PostgresStoreError("PostgreSQL connection: \(error.code)\(error.underlying.map { " (\($0))" } ?? "")")
        default:
            return error
        }
    }
}
