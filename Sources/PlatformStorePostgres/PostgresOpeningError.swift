import PostgresNIO

/// Why a PostgreSQL store could not open, in words an administrator can act on; never holds the password
/// (issue 11, item 2: "a wrong password or an unreachable server fails at start within 10 seconds with a clear
/// message").
package struct PostgresOpeningError: Error, CustomStringConvertible {
    package var description: String

    init(_ description: String) {
        self.description = description
    }

    /// The words for what `error` (thrown by the first connection to `url`) means.
    static func explaining(_ error: any Error, url: PostgresDatabaseURL) -> PostgresOpeningError {
        let address = "\(url.host):\(url.port)"
        guard let error = error as? PSQLError else {
            return PostgresOpeningError("cannot reach PostgreSQL at \(address): \(error)")
        }
        if let state = error.serverInfo?[.sqlState] {
            let message = error.serverInfo?[.message] ?? "error \(state)"
            // Class 28, invalid authorization specification (PostgreSQL manual, Appendix A).
            if state.hasPrefix("28") { return PostgresOpeningError("PostgreSQL refused the login of user \(url.user): \(message)") }
            if state == "3D000" { return PostgresOpeningError("PostgreSQL at \(address) has no database \(url.database): \(message)") }
            return PostgresOpeningError("PostgreSQL at \(address) refused the connection: \(message)")
        }
        switch error.code {
        case .authMechanismRequiresPassword:
            return PostgresOpeningError("PostgreSQL refused the login of user \(url.user): the server asks for a password and the URL has none")
        case .sslUnsupported:
            return PostgresOpeningError("PostgreSQL at \(address) does not accept TLS (sslmode=require)")
        default:
            return PostgresOpeningError("cannot reach PostgreSQL at \(address): \(error.underlying.map { "\($0)" } ?? "\(error.code)")")
        }
    }
}
