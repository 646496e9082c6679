import AuthorizationServer
import Logging
import PlatformServices
import PlatformStore
import ServiceLifecycle

/// Where the platform counts its limits (issue 11, item 4). One instance on SQLite counts in memory, exactly,
/// and saves its quota counters to the database every second and at shutdown, so that a restart resets no quota.
/// Instances sharing PostgreSQL count in it, one atomic statement per decision, so that a limit is the
/// application's whichever instance a request reaches; with `--batched-quotas`, quotas are counted in memory and
/// added to it every 100 ms (``BatchedQuotaLimiter``).
struct LimitCounting {
    /// The token endpoint's per-application limit, the gateway's rate limits and quotas.
    let limiter: any RateLimiter
    /// What runs beside the server to keep the counters (the in-memory quota counters' saving).
    let services: [any Service]
    private let sharedCounters: (any LimitCounterStore)?

    /// The limiter's decisions and the counters' flushes are measured in `metrics` (issue 14).
    static func make(
        for configuration: PlatformConfiguration, store: any LimitCounterStore, metrics: PlatformMetrics, logger: Logger
    ) async throws -> LimitCounting {
        let clock = configuration.clock
        switch configuration.database {
        case .sqlite:
            let limiter = InMemoryRateLimiter(clock: clock)
            let keeper = LimitCounterKeeper(limiter: limiter, store: store, clock: clock, interval: .seconds(1), logger: logger, metrics: metrics)
            try await keeper.restore()
            return LimitCounting(limiter: limiter, services: [keeper], sharedCounters: nil, metrics: metrics)
        case .postgres where configuration.batchedQuotas:
            let limiter = BatchedQuotaLimiter(exact: SharedRateLimiter(store: store), store: store, clock: clock, logger: logger, metrics: metrics)
            return LimitCounting(limiter: limiter, services: [limiter], sharedCounters: store, metrics: metrics)
        case .postgres:
            return LimitCounting(limiter: SharedRateLimiter(store: store), services: [], sharedCounters: store, metrics: metrics)
        }
    }

    private init(limiter: any RateLimiter, services: [any Service], sharedCounters: (any LimitCounterStore)?, metrics: PlatformMetrics) {
        self.limiter = MeasuredRateLimiter(limiter, metrics: metrics)
        self.services = services
        self.sharedCounters = sharedCounters
    }

    /// The login page's throttle, counting where the other limits count.
    func signInThrottle(_ configuration: OpenIDConfiguration, clock: WallClock) -> SignInThrottle {
        guard let sharedCounters else { return SignInThrottle(configuration: configuration, clock: clock) }
        return SignInThrottle(configuration: configuration, sharedCounters: sharedCounters)
    }
}
