import Foundation
import Synchronization

/// What the gateway and userinfo know of the grants that 3-legged tokens descend from, so that checking such
/// a token reads memory (ARCHITECTURE.md, "Hot paths read memory").
///
/// An entry is read from the store on first use and forgotten when the change feed announces a change to its
/// grant or its user; the next use reads it again. The map is bounded.
package final class ConsentCache: Sendable {
    /// A grant as the token checks need it.
    package struct Consent: Hashable, Sendable {
        package var userSubject: String
        /// False once the user withdrew the consent or was locked: seed 003's "no consent has been found".
        package var isLive: Bool
        /// The grant's ``ConsentGrant/generation``: its tokens of an older one are revoked.
        package var generation: Int

        package init(userSubject: String, isLive: Bool, generation: Int) {
            self.userSubject = userSubject
            self.isLive = isLive
            self.generation = generation
        }

        /// A withdrawn grant: the store has no such grant any more.
        static let withdrawn = Consent(userSubject: "", isLive: false, generation: 0)
    }

    private let entries = Mutex<[String: Consent]>([:])
    private let capacity: Int

    package init(capacity: Int = 200_000) {
        self.capacity = capacity
    }

    /// The grant's state, from memory or, once, from the store.
    package func consent(grantID: String, store: some GrantStore & EndUserStore) async throws -> Consent {
        if let known = entries.withLock({ $0[grantID] }) { return known }
        let consent: Consent
        if let grant = try await store.grant(id: grantID), let user = try await store.user(subject: grant.userSubject) {
            consent = Consent(userSubject: user.subject, isLive: !user.locked, generation: grant.generation)
        } else {
            consent = .withdrawn
        }
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[grantID] = consent
        }
        return consent
    }

    /// Called when the change feed announces a change to the grant.
    package func forget(grantID: String) {
        _ = entries.withLock { $0.removeValue(forKey: grantID) }
    }

    /// Called when the change feed announces a change to the user (locked, unlocked).
    package func forget(userSubject: String) {
        entries.withLock { entries in entries = entries.filter { $0.value.userSubject != userSubject } }
    }
}
