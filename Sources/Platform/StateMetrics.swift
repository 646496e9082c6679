import Metrics
import PlatformServices

/// The gauges of what the platform holds in memory (issue 14, item 1), sampled at each scrape: the caches' sizes
/// (`orangerie_cache_entries{cache}`: tokens, consents, and the directory's applications and APIs) and how far behind
/// the change feed this instance is (``ChangeFeedLag``).
struct StateMetrics: Sendable {
    private let tokens: Meter
    private let consents: Meter
    private let applications: Meter
    private let apis: Meter
    private let lagSeconds: Meter
    private let lagEntries: Meter
    private let read: @Sendable () -> (tokens: Int, consents: Int, directory: (applications: Int, apis: Int), lag: (entries: Int, seconds: Double))

    init(
        metrics: PlatformMetrics, tokenCache: IssuedTokenCache, consents consentCache: ConsentCache, directory: PlatformDirectory,
        lag: ChangeFeedLag
    ) {
        let cache = { metrics.gauge("orangerie_cache_entries", [("cache", $0)]) }
        tokens = cache("tokens")
        consents = cache("consents")
        applications = cache("applications")
        apis = cache("apis")
        lagSeconds = metrics.gauge("orangerie_change_feed_lag_seconds")
        lagEntries = metrics.gauge("orangerie_change_feed_lag_entries")
        read = { (tokenCache.count, consentCache.count, directory.counts, lag.current) }
    }

    func sample() {
        let state = read()
        tokens.set(state.tokens)
        consents.set(state.consents)
        applications.set(state.directory.applications)
        apis.set(state.directory.apis)
        lagEntries.set(state.lag.entries)
        lagSeconds.set(state.lag.seconds)
    }
}
