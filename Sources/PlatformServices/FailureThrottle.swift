import PlatformStore

/// Counts failed attempts per key — a username, a client address — in fixed windows, to stop guessing without
/// ever counting honest use (ARCHITECTURE.md, "Throttles against guessing count failures"; issue 10, item 4): a
/// success is never counted, and it may clear its key's failures.
///
/// One instance counts in memory (``InMemoryFailureThrottle``); instances sharing a database count there
/// (``SharedFailureThrottle``), so that a guesser spreading attempts over the instances gains nothing. A check and
/// the failure recorded after it are two steps: parallel attempts checked before any of them failed all go on,
/// as many as the caller lets run at once.
package protocol FailureThrottle: Sendable {
    /// Whether `key` may try again now; when it may not, seconds until its window ends (`Retry-After`). Throws when
    /// the counters cannot be reached.
    func check(_ key: String) async throws -> RateLimitDecision
    func recordFailure(_ key: String) async throws
    /// Forgets the key's failures: a user who signs in is no longer being guessed at.
    func clear(_ key: String) async throws
}

/// Longest key kept, in UTF-8 bytes; a longer one is cut (no username or address is that long).
let maximumFailureKeyLength = 256

/// `key` cut to ``maximumFailureKeyLength`` bytes.
func bounded(_ key: String) -> String {
    key.utf8.count <= maximumFailureKeyLength ? key : String(decoding: key.utf8.prefix(maximumFailureKeyLength), as: UTF8.self)
}
