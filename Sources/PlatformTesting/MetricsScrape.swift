import Foundation
import HTTPTypes
import Platform

/// Metrics on 127.0.0.1:0 (issue 14), for a server whose tests read `/metrics`.
extension PlatformConfiguration {
    package var withMetrics: PlatformConfiguration {
        var configuration = self
        configuration.metrics.address = MetricsConfiguration.Address(host: "127.0.0.1", port: 0)
        return configuration
    }
}

/// One scrape of a server's `/metrics`: its text, and its samples by series.
package struct MetricsScrape: Sendable {
    package let text: String

    /// `GET /metrics` on the server's metrics listener.
    package init(_ platform: RunningPlatform) async throws {
        guard let port = platform.metricsPort else { throw ConfigurationError("the server has no metrics listener") }
        text = try await RunningPlatform(port: port).request(.get, "/metrics").body
    }

    /// The value of the series `name{labels}` (labels as Prometheus writes them, in their order), or nil.
    package func value(_ name: String, _ labels: [(String, String)] = []) -> Double? {
        let series = labels.isEmpty ? name : name + "{" + labels.map { #"\#($0.0)="\#($0.1)""# }.joined(separator: ",") + "}"
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1).split(separator: " ").first ?? "")
        }
        return nil
    }

    /// Every series (name and labels) whose name is `name`.
    package func series(named name: String) -> [Substring] {
        text.split(separator: "\n").filter { $0.hasPrefix(name + "{") || $0.hasPrefix(name + " ") }
    }
}
