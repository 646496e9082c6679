import Foundation

/// One entry of the change feed: a row written in the same transaction as the change it announces, which
/// every running instance reads to refresh its in-memory caches (ARCHITECTURE.md, "Hot paths read memory").
package struct Change: Hashable, Sendable {
    /// Strictly increasing position in the feed.
    package var sequence: Int64
    package var entity: Entity
    /// The changed record's natural key: an application's client_id, an API's name, a user's subject, a
    /// signing key's kid, a grant's id.
    package var key: String

    package init(sequence: Int64, entity: Entity, key: String) {
        self.sequence = sequence
        self.entity = entity
        self.key = key
    }

    package enum Entity: String, Hashable, Sendable {
        case application
        case api
        case user
        case signingKey
        case grant
    }
}
