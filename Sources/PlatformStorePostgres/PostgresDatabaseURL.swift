import Foundation

/// Where a PostgreSQL database is: `postgres://user[:password]@host[:port]/database[?sslmode=disable|require]`
/// (also `postgresql://`), the form libpq and `psql` accept (PostgreSQL manual, §34.1.1 "Connection URIs"), of which
/// Orangerie reads the parts above and refuses the rest rather than ignore it.
///
/// Its description never shows the password (ARCHITECTURE.md, "Secrets never reach a log").
package struct PostgresDatabaseURL: Hashable, Sendable, CustomStringConvertible {
    package var host: String
    package var port: Int
    package var user: String
    package var password: String?
    package var database: String
    package var tls: TLSMode

    /// libpq's `sslmode`, of which two values are understood.
    package enum TLSMode: String, Hashable, Sendable {
        /// Plain TCP (the default here: a database on a private network or loopback).
        case disable
        /// TLS, without verifying the server's certificate, as libpq's `require` does.
        case require
    }

    package init(host: String, port: Int = 5432, user: String, password: String? = nil, database: String, tls: TLSMode = .disable) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.tls = tls
    }

    /// Reads `text`; the error says what is wrong without repeating the password.
    package init(_ text: String) throws {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "postgres" || scheme == "postgresql"
        else {
            throw Invalid("expected postgres://user[:password]@host[:port]/database")
        }
        guard let host = components.host, !host.isEmpty else { throw Invalid("the URL names no host") }
        guard let user = components.user, !user.isEmpty else { throw Invalid("the URL names no user (postgres://user@host/database)") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else { throw Invalid("the URL names no database (postgres://user@host/database)") }
        var tls = TLSMode.disable
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode", let value = item.value, let mode = TLSMode(rawValue: value) else {
                throw Invalid("unsupported parameter '\(item.name)' (only sslmode=disable or sslmode=require)")
            }
            tls = mode
        }
        guard components.fragment == nil else { throw Invalid("unexpected '#' in the URL") }
        self.init(
            host: host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host, port: components.port ?? 5432,
            user: user.removingPercentEncoding ?? user, password: components.password.map { $0.removingPercentEncoding ?? $0 },
            database: database.removingPercentEncoding ?? database, tls: tls)
    }

    /// The same server and credentials, another database (tests create one per test).
    package func with(database: String) -> PostgresDatabaseURL {
        var url = self
        url.database = database
        return url
    }

    /// The URL with its password, to hand to another process (a second test server); never to a log.
    package var absoluteString: String {
        var components = URLComponents()
        components.scheme = "postgres"
        components.user = user
        components.password = password
        components.host = host.contains(":") ? "[\(host)]" : host
        components.port = port
        components.path = "/" + database
        if tls != .disable { components.queryItems = [URLQueryItem(name: "sslmode", value: tls.rawValue)] }
        return components.string ?? ""
    }

    /// `postgres://user@host:port/database`: what may be logged.
    package var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    /// Why a database URL was refused; never holds the password.
    package struct Invalid: Error, CustomStringConvertible {
        package var reason: String
        init(_ reason: String) { self.reason = reason }
        package var description: String { "invalid PostgreSQL URL: \(reason)" }
    }
}
