import Foundation
import PlatformStore
import Synchronization

/// The tokens the gateway has seen, so that checking a bearer token reads memory, not the database
/// (issue 3, "No database round trip per request").
///
/// The token endpoint puts every token it issues here; a token issued by another instance is read from the
/// store once, on first use. Digests known not to exist are remembered for a short while, so that a client
/// repeating a wrong token does not reach the database each time. Both maps are bounded.
package final class IssuedTokenCache: Sendable {
    /// What the cache knows of a digest.
    package enum Lookup: Sendable {
        case found(IssuedToken)
        case unknown
        case notCached
    }

    private struct State {
        var tokens: [TokenDigest: IssuedToken] = [:]
        var unknown: [TokenDigest: Date] = [:]
    }

    private let state = Mutex(State())
    private let capacity: Int
    private let unknownLifetime: TimeInterval
    private let clock: WallClock

    package init(capacity: Int = 500_000, unknownLifetime: TimeInterval = 30, clock: WallClock = .system) {
        self.capacity = capacity
        self.unknownLifetime = unknownLifetime
        self.clock = clock
    }

    package func lookup(_ digest: TokenDigest) -> Lookup {
        let now = clock.now()
        return state.withLock { state in
            if let token = state.tokens[digest] { return .found(token) }
            if let until = state.unknown[digest], until > now { return .unknown }
            return .notCached
        }
    }

    /// How many tokens it holds, for the metrics (issue 14).
    package var count: Int {
        state.withLock { $0.tokens.count }
    }

    package func insert(_ token: IssuedToken) {
        let now = clock.now()
        state.withLock { state in
            if state.tokens.count >= capacity {
                state.tokens = state.tokens.filter { $0.value.expiresAt > now }
                if state.tokens.count >= capacity { state.tokens.removeAll(keepingCapacity: true) }
            }
            state.tokens[token.digest] = token
            state.unknown[token.digest] = nil
        }
    }

    /// Remembers, for a short while, that no such token exists.
    package func insertUnknown(_ digest: TokenDigest) {
        let now = clock.now()
        state.withLock { state in
            if state.unknown.count >= capacity / 10 {
                state.unknown = state.unknown.filter { $0.value > now }
                if state.unknown.count >= capacity / 10 { state.unknown.removeAll(keepingCapacity: true) }
            }
            state.unknown[digest] = now.addingTimeInterval(unknownLifetime)
        }
    }
}
