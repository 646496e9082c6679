import Crypto
import Foundation
import OAuthCore

/// The answers a ``TokenIntrospector`` reuses, as a value with no I/O: RFC 7662 §4 lets a protected resource cache
/// a response, trading freshness for load, and says it "SHOULD NOT cache the response beyond the expiration
/// time". An answer is kept for `lifetime` seconds, an active one never past its `exp`. Tokens are keyed by their
/// SHA-256, so that the cache holds no usable token. At most `capacity` answers: when full, the expired ones go,
/// then the one that would expire first.
struct IntrospectionCache: Sendable {
    private struct Entry: Sendable {
        var answer: Introspection
        var until: Date
    }

    let lifetime: TimeInterval
    let capacity: Int
    private var entries: [SHA256Digest: Entry] = [:]

    init(lifetime: TimeInterval, capacity: Int) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// How many answers it holds.
    var count: Int { entries.count }

    /// The answer about `token` still valid at `now`, if any.
    func answer(for token: String, at now: Date) -> Introspection? {
        guard let entry = entries[Self.key(token)], entry.until > now else { return nil }
        return entry.answer
    }

    /// Keeps `answer`, received at `now`, unless it may not be reused at all.
    mutating func keep(_ answer: Introspection, for token: String, at now: Date) {
        var until = now.addingTimeInterval(lifetime)
        if answer.isActive, let expiresAt = answer.expiresAt { until = min(until, expiresAt) }
        guard until > now, capacity > 0 else { return }
        if entries.count >= capacity { evict(at: now) }
        entries[Self.key(token)] = Entry(answer: answer, until: until)
    }

    private mutating func evict(at now: Date) {
        entries = entries.filter { $0.value.until > now }
        if entries.count >= capacity, let first = entries.min(by: { $0.value.until < $1.value.until }) {
            entries[first.key] = nil
        }
    }

    private static func key(_ token: String) -> SHA256Digest {
        SHA256.hash(data: Data(token.utf8))
    }
}
