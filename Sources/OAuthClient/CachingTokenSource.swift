import Foundation
import Logging

/// Hands out one token until shortly before it expires, however many callers ask at once (golang/oauth2's
/// `ReuseTokenSource`, with what it lacks).
///
/// - **Reuse**: a token is returned until ``Configuration/expiryMargin`` before its expiry (seed 002: "A
///   token is valid for 60 minutes. Do not make more token requests than one per hour").
/// - **Single flight**: while a token is being fetched, every other caller waits for that same request; a
///   thousand concurrent callers make one request. A caller that is cancelled stops waiting at once and the
///   request goes on for the others.
/// - **Budget**: at most ``Configuration/tokenRequestsPerMinute`` token requests in any minute (seed 002: 50).
/// - **Backing off**: a 429 or a 503 is retried after its `Retry-After` (seconds or HTTP date, RFC 9110
///   §10.2.3) with jitter, or after an exponential backoff; past ``Configuration/maximumRetries`` the refusal
///   is remembered until its `Retry-After`, and callers get it without a request (a negative cache). A
///   refused client (`invalid_client`, seed 002's 401s) is never retried: only new credentials can help.
/// - **Sharing**: the token is kept in a ``TokenStore``; with a ``FileTokenStore`` several processes make one
///   request between them.
///
/// ```swift
/// let tokens = ClientCredentialsTokenSource(tokenURL: tokenURL, credentials: credentials).cached()
/// async let a = tokens.token()
/// async let b = tokens.token()   // the same token, one request
/// ```
public actor CachingTokenSource: TokenSource {
    public struct Configuration: Sendable {
        /// How long before its expiry a token stops being handed out (at most half its lifetime).
        public var expiryMargin: Duration = .seconds(60)
        /// Token requests allowed in any minute (seed 002: 50).
        public var tokenRequestsPerMinute = 50
        /// How many times a 429, a 503 or a network failure is retried within one fetch.
        public var maximumRetries = 2
        /// A longer `Retry-After` is not waited for: the refusal goes to the callers (and the negative cache).
        public var maximumRetryWait: Duration = .seconds(30)
        /// The first wait of the exponential backoff when the server gives no `Retry-After`.
        public var initialBackoff: Duration = .milliseconds(500)
        /// The wall clock, for expiry (injected in tests).
        public var now: @Sendable () -> Date = Date.init
        /// Waits before a retry (injected in tests, which then never sleep).
        public var sleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
        /// A random fraction in 0..<1 for the jitter (injected in tests).
        public var random: @Sendable () -> Double = { Double.random(in: 0..<1) }

        public init() {}
    }

    private let upstream: any TokenSource
    private let store: any TokenStore
    private let key: String
    private let configuration: Configuration
    private let logger: Logger

    private var current: AccessToken?
    private var refusal: (error: OAuthClientError, until: Date)?
    private var budget: TokenRequestBudget
    private var flight: Task<Void, Never>?
    private var waiters: [Int: CheckedContinuation<AccessToken, any Error>] = [:]
    private var nextWaiter = 0

    /// Caches the tokens of `upstream` in `store` under `key`. Prefer ``ClientCredentialsTokenSource/cached(store:configuration:logger:)``.
    public init(
        fetching upstream: any TokenSource, store: any TokenStore = InMemoryTokenStore(), key: String,
        configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "OAuthClient", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.upstream = upstream
        self.store = store
        self.key = key
        self.configuration = configuration
        self.logger = logger
        budget = TokenRequestBudget(limit: configuration.tokenRequestsPerMinute)
    }

    /// The current token, or a new one fetched once for every caller waiting.
    public func token() async throws -> AccessToken {
        let now = configuration.now()
        if let current, current.isUsable(at: now, margin: configuration.expiryMargin) { return current }
        if let refusal, now < refusal.until {
            throw refusal.error.coolingDown(remaining: .seconds(refusal.until.timeIntervalSince(now).rounded(.up)))
        }
        let id = nextWaiter
        nextWaiter += 1
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                guard !Task.isCancelled else { return continuation.resume(throwing: CancellationError()) }
                waiters[id] = continuation
                if flight == nil { flight = Task { await self.fly() } }
            }
        } onCancel: {
            Task { await self.stopWaiting(id) }
        }
    }

    /// Forgets `token` here and in the store, if it is still the one kept, so that the next caller fetches. A
    /// refresh token that came with it is kept, to fetch the next one with.
    public func invalidate(_ token: AccessToken) async throws {
        if current == token { current = nil }
        try await store.withLock(for: key) { [store, key] in
            if try await store.token(for: key) == token {
                try await store.save(token.refreshToken == nil ? nil : token.spent(), for: key)
            }
        }
        logger.debug("Access token dropped", metadata: ["token": "\(token.value)"])
    }

    private func stopWaiting(_ id: Int) {
        waiters.removeValue(forKey: id)?.resume(throwing: CancellationError())
    }

    /// The one fetch every waiter shares; it runs to its end even when they all stopped waiting.
    private func fly() async {
        let result: Result<AccessToken, any Error>
        do {
            let token = try await store.withLock(for: key) { try await self.reuseStoredOrFetch() }
            current = token
            result = .success(token)
        } catch {
            result = .failure(error)
        }
        flight = nil
        let waiting = waiters
        waiters = [:]
        for continuation in waiting.values { continuation.resume(with: result) }
    }

    /// Under the store's lock: another process may have fetched a token while this one waited for the lock.
    private func reuseStoredOrFetch() async throws -> AccessToken {
        if let stored = try await store.token(for: key), stored.isUsable(at: configuration.now(), margin: configuration.expiryMargin) {
            logger.debug("Access token read from the store", metadata: ["token": "\(stored.value)"])
            return stored
        }
        let token = try await fetchWithRetries()
        try await store.save(token, for: key)
        return token
    }

    private func fetchWithRetries() async throws -> AccessToken {
        var attempt = 0
        while true {
            try budget.spend(at: configuration.now())
            do {
                let token = try await upstream.token()
                refusal = nil
                logger.debug(
                    "Access token obtained",
                    metadata: ["token": "\(token.value)", "expires_at": "\(token.expiresAt.map { "\($0)" } ?? "unknown")"])
                return token
            } catch let error as OAuthClientError where [.retryLater, .transient].contains(error.remedy) {
                let wait = delay(after: error, attempt: attempt)
                guard attempt < configuration.maximumRetries, wait <= configuration.maximumRetryWait else {
                    if let retryAfter = error.retryAfter {
                        refusal = (error, configuration.now().addingTimeInterval(TimeInterval(retryAfter.components.seconds)))
                    }
                    throw error
                }
                attempt += 1
                logger.notice("Token request failed, retrying", metadata: ["wait": "\(wait)", "error": "\(error)"])
                try await configuration.sleep(wait)
            }
        }
    }

    /// `Retry-After` plus up to 10 % of jitter, or "full jitter" exponential backoff when there is none.
    private func delay(after error: OAuthClientError, attempt: Int) -> Duration {
        if let retryAfter = error.retryAfter {
            return retryAfter + retryAfter * (configuration.random() / 10)
        }
        return configuration.initialBackoff * (1 << attempt) * configuration.random()
    }
}
