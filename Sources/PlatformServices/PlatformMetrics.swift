import Metrics

/// What the platform measures goes through this (issue 14, item 1): a swift-metrics factory given at composition,
/// never the process-wide `MetricsSystem`, so that several servers in one process (the tests) each have their own
/// registry. Features take it in `init` like the logger and the clock; by default it measures nothing.
///
/// Label values are always from small fixed sets (route classes, grant types the platform knows, Orange codes, API
/// names, which registration bounds): never a token, a secret or a value a client chose. An application's client_id
/// is added only when ``labelsClientIDs`` is on (`serve --metrics-client-ids`), since applications are many.
package struct PlatformMetrics: Sendable {
    package let factory: any MetricsFactory
    /// Whether the metrics that can name an application do (`--metrics-client-ids`; off by default).
    package let labelsClientIDs: Bool

    package init(factory: any MetricsFactory = NOOPMetricsHandler.instance, labelsClientIDs: Bool = false) {
        self.factory = factory
        self.labelsClientIDs = labelsClientIDs
    }

    /// Measures nothing.
    package static let none = PlatformMetrics()

    /// `dimensions`, with `client_id` when ``labelsClientIDs`` is on and the application is known.
    package func dimensions(_ dimensions: [(String, String)], clientID: String?) -> [(String, String)] {
        guard labelsClientIDs, let clientID, !clientID.isEmpty else { return dimensions }
        return dimensions + [("client_id", clientID)]
    }

    package func counter(_ label: String, _ dimensions: [(String, String)] = []) -> Counter {
        Counter(label: label, dimensions: dimensions, factory: factory)
    }

    /// A histogram of durations, exported in seconds.
    package func timer(_ label: String, _ dimensions: [(String, String)] = []) -> Timer {
        Timer(label: label, dimensions: dimensions, factory: factory)
    }

    /// A value that goes up and down (in flight, sizes, lag).
    package func gauge(_ label: String, _ dimensions: [(String, String)] = []) -> Meter {
        Meter(label: label, dimensions: dimensions, factory: factory)
    }
}
