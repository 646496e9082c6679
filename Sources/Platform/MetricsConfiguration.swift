/// The metrics listener (issue 14, item 1): `serve --metrics-address HOST:PORT` serves `GET /metrics` in Prometheus's
/// text format there, never on the public port. Off (nil) by default.
package struct MetricsConfiguration: Sendable, Equatable {
    /// Where `/metrics` is served; port 0 takes any free port (the tests).
    package var address: Address?
    /// Whether metrics that can name an application carry its client_id (`--metrics-client-ids`): as many series as
    /// there are applications, so off by default.
    package var labelsClientIDs = false
    /// What `orangerie_build_info{version}` says: the deployment names its build (`ORANGERIE_BUILD_VERSION`, such as
    /// the output of `git describe`); SwiftPM gives a program no version of its own.
    package var buildVersion = "dev"

    package init(address: Address? = nil, labelsClientIDs: Bool = false) {
        self.address = address
        self.labelsClientIDs = labelsClientIDs
    }

    package struct Address: Sendable, Equatable, CustomStringConvertible {
        package var host: String
        package var port: Int

        package init(host: String, port: Int) {
            self.host = host
            self.port = port
        }

        /// `HOST:PORT`, or `[IPv6]:PORT`.
        package init(parsing text: String) throws(ConfigurationError) {
            let error = ConfigurationError("the metrics address must be HOST:PORT, such as 127.0.0.1:9464")
            guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port)
            else { throw error }
            var host = Substring(text[..<colon])
            if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
            guard !host.isEmpty else { throw error }
            self.init(host: String(host), port: port)
        }

        package var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
    }
}
