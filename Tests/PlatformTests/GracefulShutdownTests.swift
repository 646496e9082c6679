import Foundation
import HTTPTypes
import OAuthCore
import Platform
import PlatformServices
import PlatformStore
import PlatformTesting
import Synchronization
import Testing

/// Issue 14, item 4: `/readyz`, and what a SIGTERM does to the requests in flight.
@Suite struct GracefulShutdownTests {
    @Test func readinessNamesWhatIsMissingAndTurnsOffWhenDraining() async throws {
        let directory = PlatformDirectory()
        let storeAnswers = Mutex(true)
        let readiness = Readiness(directory: directory) {
            guard storeAnswers.withLock({ $0 }) else { throw StoreError.notFound("the database") }
        }
        #expect(await readiness.problems() == ["the applications and APIs are not loaded yet", "no signing key yet"])
        directory.replaceAll(applications: [], apis: [])
        directory.update(signingKeys: [SigningKey(kid: "k1", algorithm: "RS256", sealedPrivateKey: Data(), createdAt: Date())])
        #expect(await readiness.problems() == [])
        storeAnswers.withLock { $0 = false }
        #expect(await readiness.problems() == ["the database does not answer"])
        storeAnswers.withLock { $0 = true }
        readiness.startDraining()
        #expect(await readiness.problems() == ["shutting down"])
    }

    @Test func aRunningServerIsReady() async throws {
        try await withPlatform(testConfiguration()) { (platform) async throws in
            let answer = try await platform.request(.get, "/readyz")
            #expect(answer.status == .ok)
            #expect(answer.body == "ready\n")
        }
    }

    /// The real executable, its log in JSON: eight calls that the upstream answers in 14 s are in flight when SIGTERM
    /// comes. For the 6 s drain delay, `/readyz` answers 503 while the server still serves; then it accepts nothing
    /// more, the calls finish, all of them 200, and the process exits 0.
    @Test func aSIGTERMLetsEveryCallInFlightFinishAfterTellingTheLoadBalancer() async throws {
        try await TestUpstream.withUpstream { upstream in
            var configuration = testConfiguration()
            configuration.masterKey = SeveralInstancesTests.masterKey
            let app = try await provisionApplication(configuration)
            try await withAdministration(configuration) { platform in
                _ = try await platform.provisioning.updateAPI(named: "poi", upstream: upstream)
            }
            let metricsPort = try SeveralInstanceProcessesTests.freePort()
            let server = try OrangerieProcess(
                [
                    "serve", "--port", "0", "--database", configuration.database.argument, "--log-format", "json",
                    "--shutdown-delay", "6s", "--shutdown-grace", "10s", "--metrics-address", "127.0.0.1:\(metricsPort)",
                ],
                environment: ["ORANGERIE_MASTER_KEY": SeveralInstancesTests.masterKeyBase64])
            let listening = try #require(await server.standardErrorLine(containing: "Orangerie listening"))
            let url = try #require((try JSONSerialization.jsonObject(with: Data(listening.utf8)) as? [String: Any])?["url"] as? String)
            let platform = RunningPlatform(port: try #require(url.split(separator: ":").last.flatMap { Int($0) }), metricsPort: metricsPort)
            #expect(try await platform.request(.get, "/readyz").status == .ok)
            let token = try await GatewayTests.accessToken(platform, app.credentials)

            async let calls = Self.slowCalls(platform, token: token, count: 8)
            // SIGTERM once all eight wait for the upstream, however slow this machine is to send them (the metrics
            // listener may start a moment after the public one).
            #expect(
                try await eventually(within: .seconds(Self.callSeconds - 4)) {
                    (try? await MetricsScrape(platform).value("orangerie_gateway_upstream_in_flight", [("api", "poi")])) == 8
                })
            server.terminate()
            // During the 6 s drain: not ready, alive, serving (both asked at once, so that a stalled test process
            // cannot see the first before the drain and the second after it).
            #expect(
                try await eventually(within: .seconds(6)) {
                    async let ready = try? await platform.request(.get, "/readyz")
                    async let alive = try? await platform.request(.get, "/healthz")
                    return await (ready?.status, alive?.status) == (.serviceUnavailable, .ok)
                })
            // After it a new connection is refused; the calls in flight all finish.
            #expect(try await eventually(within: .seconds(8)) { (try? await platform.request(.get, "/healthz", timeout: .seconds(1))) == nil })
            #expect(try await calls == Array(repeating: .ok, count: 8))

            let result = await server.result()
            #expect(result.status == 0, "\(result.stderr)")
            let lines = result.stderr.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            #expect(!lines.isEmpty && lines.allSatisfy { $0 != nil }, "every line is a JSON object")
            #expect(lines.contains { ($0?["message"] as? String)?.hasPrefix("Shutting down") == true })
            let call = try #require(lines.first { $0?["route_class"] as? String == "gateway" } ?? nil)
            #expect(call["status"] as? Int == 200)
            #expect(call["client_id"] as? String == app.credentials.clientID)
        }
    }

    /// How long the upstream takes to answer each of the calls in flight.
    static let callSeconds = 14

    /// `count` calls at once that the upstream answers after ``callSeconds``; their statuses.
    static func slowCalls(_ platform: RunningPlatform, token: String, count: Int) async throws -> [HTTPResponse.Status] {
        try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
            for _ in 0..<count {
                group.addTask {
                    try await platform.request(
                        .get, "/poi/v1/slow?milliseconds=\(callSeconds * 1000)", headers: [.authorization: "Bearer " + token],
                        timeout: .seconds(callSeconds + 30)
                    ).status
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }
}
