import Foundation
import HTTPTypes
import OAuthCore
import Platform
import PlatformServices
import PlatformTesting
import Testing

/// Issue 14, "Done when": a real Prometheus (Debian's `prometheus` package) scrapes the platform's metrics listener
/// every second, and answers README.md's query of tokens issued per minute. Without Prometheus the test is skipped,
/// unless `CI` is set, where it fails (`.ci/run` installs it).
@Suite struct PrometheusScrapeTests {
    static let prometheus =
        ChildProcess.executable("prometheus", searchPath: ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        ?? ["/usr/bin/prometheus"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// README.md, "Metrics".
    static let tokensPerMinute = "sum(increase(orangerie_tokens_issued_total[1m]))"

    @Test(.enabled(if: prometheus != nil || ProcessInfo.processInfo.environment["CI"] != nil, "needs Prometheus"))
    func prometheusScrapesThePlatformAndCountsTokensPerMinute() async throws {
        let executable = try #require(Self.prometheus, "Prometheus is not installed, and CI is set: apt-get install prometheus (.ci/run does)")
        let configuration = testConfiguration().withMetrics
        let application = try await provisionApplication(configuration)
        try await withPlatform(configuration) { platform in
            let metricsPort = try #require(platform.metricsPort)
            // One token first: the series exists before Prometheus's first scrape, so that the next ones are an increase.
            #expect(try await platform.token(authorization: application.credentials.authorizationHeader()).status == .ok)
            let directory = TemporaryDirectory().path
            let configurationFile = directory + "/prometheus.yml"
            try """
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: orangerie
                static_configs:
                  - targets: ["127.0.0.1:\(metricsPort)"]
            """.write(toFile: configurationFile, atomically: true, encoding: .utf8)
            let port = try SeveralInstanceProcessesTests.freePort()
            let server = try ChildProcess(
                executable: executable,
                arguments: [
                    "--config.file=\(configurationFile)", "--storage.tsdb.path=\(directory)/data",
                    "--web.listen-address=127.0.0.1:\(port)", "--log.level=error",
                ],
                environment: ["PATH": "/usr/bin:/bin"])
            defer {
                server.terminate()
                _ = server.waitForExit()
            }
            let prometheus = RunningPlatform(port: port)
            #expect(try await eventually(within: .seconds(30)) { try await Self.query(prometheus, "orangerie_tokens_issued_total") != nil })
            for _ in 0..<3 {
                #expect(try await platform.token(authorization: application.credentials.authorizationHeader()).status == .ok)
            }
            #expect(try await eventually(within: .seconds(30)) { (try await Self.query(prometheus, Self.tokensPerMinute) ?? 0) > 0 })
        }
    }

    /// The value of an instant query's first sample, or nil while there is none.
    static func query(_ prometheus: RunningPlatform, _ query: String) async throws -> Double? {
        var components = URLComponents()
        components.path = "/api/v1/query"
        components.queryItems = [URLQueryItem(name: "query", value: query)]
        guard let path = components.percentEncodedQuery.map({ components.path + "?" + $0.replacingOccurrences(of: "+", with: "%2B") }),
            let answer = try? await prometheus.request(.get, path, timeout: .seconds(5)), answer.status == .ok,
            let data = try answer.json()["data"] as? [String: Any], let result = (data["result"] as? [[String: Any]])?.first,
            let value = (result["value"] as? [Any])?.last as? String
        else { return nil }
        return Double(value)
    }
}
