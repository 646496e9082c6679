import Foundation

/// Where the platform keeps its records: one SQLite file, the default for a single instance, or a PostgreSQL
/// database that several instances share (README, "Several instances on PostgreSQL").
package enum DatabaseLocation: Sendable, Hashable, CustomStringConvertible {
    case sqlite(path: String)
    /// `postgres://user[:password]@host[:port]/database`, also spelled `postgresql://`.
    case postgres(url: String)

    /// Reads what `--database` and `ORANGERIE_DATABASE` take: a PostgreSQL URL, or else the path of a SQLite file.
    package init(_ text: String) {
        let lowercased = text.lowercased()
        self = lowercased.hasPrefix("postgres://") || lowercased.hasPrefix("postgresql://") ? .postgres(url: text) : .sqlite(path: text)
    }

    /// What `--database` takes to name this location again.
    package var argument: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let url): url
        }
    }

    /// The location without its password, for logs and messages.
    package var description: String {
        switch self {
        case .sqlite(let path):
            return path
        case .postgres(let url):
            guard var components = URLComponents(string: url) else { return "postgres://(unreadable URL)" }
            if components.password != nil { components.password = "***" }
            return components.string ?? "postgres://(unreadable URL)"
        }
    }
}
