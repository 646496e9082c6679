import Hummingbird
import Logging
import Metrics
import PlatformServices
import Prometheus
import ServiceLifecycle

/// The platform's metrics (issue 14, item 1): a Prometheus registry of this server's own, behind the
/// ``PlatformMetrics`` given to every feature, and the listener that serves it. Without a metrics address nothing is
/// measured (a no-op factory) and nothing listens. The process-wide `MetricsSystem` is never bootstrapped, so that
/// several servers in one process (the tests) each count their own requests.
struct MetricsExport {
    let metrics: PlatformMetrics
    private let registry: PrometheusCollectorRegistry
    private let configuration: MetricsConfiguration

    init(_ configuration: MetricsConfiguration) {
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        self.configuration = configuration
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = Self.durationBuckets
        metrics = configuration.address == nil ? .none : PlatformMetrics(factory: factory, labelsClientIDs: configuration.labelsClientIDs)
    }

    /// Every duration histogram's buckets: from 1 ms (a token request, a read from SQLite) to 30 s (the default
    /// upstream timeout); the library's default starts at 5 ms.
    static let durationBuckets: [Duration] = [
        .milliseconds(1), .microseconds(2500), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
        .seconds(30),
    ]

    /// The listener, when an address is configured; `samplers` run before each scrape.
    func services(
        samplers: [@Sendable () -> Void], logger: Logger, onRunning: @escaping @Sendable (_ port: Int) async -> Void
    ) -> [any Service] {
        guard let address = configuration.address else { return [] }
        let process = ProcessMetrics(metrics: metrics, version: configuration.buildVersion)
        let samplers = samplers + [process.sample]
        return [
            MetricsListener.make(
                address: address, registry: registry, beforeScrape: { for sample in samplers { sample() } }, logger: logger,
                onRunning: onRunning)
        ]
    }
}
