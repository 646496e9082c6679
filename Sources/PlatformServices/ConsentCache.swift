import Foundation
import PlatformStore
import Synchronization

/// What the gateway and userinfo know of the grants that 3-legged tokens descend from, so that checking such
/// a token reads memory (ARCHITECTURE.md, "Hot paths read memory").
///
/// An entry is read from the store on first use and forgotten when the change feed announces a change to its
/// grant or its user; the next use reads it again. A read that an invalidation overtakes is not kept. The map
/// is bounded.
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

    private struct State {
        var entries: [String: Consent] = [:]
        /// Counts invalidations: a fill stores what it read only if none happened since it began, so that a grant
        /// read just before a change is never kept as live after the change was announced.
        var invalidations = 0
    }

    private let state = Mutex(State())
    private let capacity: Int

    package init(capacity: Int = 200_000) {
        self.capacity = capacity
    }

    /// The grant's state, from memory or, once, from the store.
    /// The consent when this instance has it in memory; nil when it must be read.
    package func cachedConsent(grantID: String) -> Consent? {
        state.withLock { $0.entries[grantID] }
    }

    package func consent(grantID: String, store: some GrantStore & EndUserStore) async throws -> Consent {
        let (known, invalidations) = state.withLock { ($0.entries[grantID], $0.invalidations) }
        if let known { return known }
        let consent: Consent
        if let grant = try await store.grant(id: grantID), let user = try await store.user(subject: grant.userSubject) {
            consent = Consent(userSubject: user.subject, isLive: !user.locked, generation: grant.generation)
        } else {
            consent = .withdrawn
        }
        state.withLock { state in
            // An invalidation during the read wins: the next use reads the store again.
            guard state.invalidations == invalidations else { return }
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[grantID] = consent
        }
        return consent
    }

    /// How many grants it holds, for the metrics (issue 14).
    package var count: Int {
        state.withLock { $0.entries.count }
    }

    /// Called when the change feed announces a change to the grant.
    package func forget(grantID: String) {
        state.withLock { state in
            state.invalidations &+= 1
            state.entries[grantID] = nil
        }
    }

    /// Called when the change feed announces a change to the user (locked, unlocked).
    package func forget(userSubject: String) {
        state.withLock { state in
            state.invalidations &+= 1
            state.entries = state.entries.filter { $0.value.userSubject != userSubject }
        }
    }

    /// Called when the change feed cannot say what changed (a follower fell behind its pruned range).
    package func forgetAll() {
        state.withLock { state in
            state.invalidations &+= 1
            state.entries.removeAll()
        }
    }
}
