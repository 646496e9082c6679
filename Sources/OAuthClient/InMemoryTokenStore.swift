import Synchronization

/// Tokens kept for the life of the process only — what seed 000 recommends for access tokens ("they can be
/// kept temporarily in memory").
///
/// ```swift
/// let tokens = flow.cached(store: InMemoryTokenStore())
/// ```
public final class InMemoryTokenStore: TokenStore {
    private let tokens = Mutex<[String: AccessToken]>([:])

    public init() {}

    public func token(for key: String) async -> AccessToken? {
        tokens.withLock { $0[key] }
    }

    public func save(_ token: AccessToken?, for key: String) async {
        tokens.withLock { $0[key] = token }
    }

    /// No lock needed: within one process the ``CachingTokenSource``'s single flight already makes one request.
    public func withLock<Value: Sendable>(for key: String, _ body: @Sendable () async throws -> Value) async throws -> Value {
        try await body()
    }
}
