import Foundation

/// A developer's client space: exactly one per e-mail address (seed 002, "Before starting").
package struct ClientSpace: Hashable, Sendable {
    package var id: String
    /// Lower-cased, so that one address is one space whatever its spelling.
    package var email: String
    package var createdAt: Date

    package init(id: String, email: String, createdAt: Date) {
        self.id = id
        self.email = email
        self.createdAt = createdAt
    }
}
