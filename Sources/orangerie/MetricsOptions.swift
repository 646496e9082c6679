import ArgumentParser
import Platform

/// `serve`'s metrics listener (issue 14, item 1; README "Metrics").
struct MetricsOptions: ParsableArguments {
    @Option(help: "Serve Prometheus metrics at http://HOST:PORT/metrics, never on the public port, e.g. 127.0.0.1:9464 (env ORANGERIE_METRICS_ADDRESS; default off).")
    var metricsAddress: String?

    @Flag(help: "Label the metrics that can name an application with its client_id: one series per application (env ORANGERIE_METRICS_CLIENT_IDS; default off).")
    var metricsClientIDs = false

    func configuration() throws -> MetricsConfiguration {
        var configuration = MetricsConfiguration()
        if let address = metricsAddress ?? Environment.string("ORANGERIE_METRICS_ADDRESS") {
            configuration.address = try MetricsConfiguration.Address(parsing: address)
        }
        configuration.labelsClientIDs = try metricsClientIDs || Environment.flag("ORANGERIE_METRICS_CLIENT_IDS")
        configuration.buildVersion = Environment.string("ORANGERIE_BUILD_VERSION") ?? configuration.buildVersion
        return configuration
    }
}
