/// Where a ``CachingTokenSource`` keeps its tokens, so that they outlive it.
///
/// ``InMemoryTokenStore`` keeps them for the process; ``FileTokenStore`` on disk (mode 0600), shared by every
/// process that opens the same file, with a lock so that they make one token request between them.
///
/// ```swift
/// let tokens = flow.cached(store: try FileTokenStore(path: "~/.cache/orangerie/tokens.json"))
/// ```
public protocol TokenStore: Sendable {
    /// The token stored under `key`, usable or not.
    func token(for key: String) async throws -> AccessToken?

    /// Stores `token` under `key`; nil removes it.
    func save(_ token: AccessToken?, for key: String) async throws

    /// Runs `body` while no other user of the store holds the lock for `key`: a ``CachingTokenSource`` reads,
    /// fetches and saves inside it, so a second process waits and then reads the first one's token.
    func withLock<Value: Sendable>(for key: String, _ body: @Sendable () async throws -> Value) async throws -> Value
}
