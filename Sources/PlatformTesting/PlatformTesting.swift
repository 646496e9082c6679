/// What the end-to-end tests of every target share: the real server on 127.0.0.1:0, a plain HTTP client,
/// provisioning helpers and log capture.
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import OAuthCore
import Platform
import PlatformServices
import PlatformStore
import ServiceLifecycle
import Synchronization

/// A fresh directory under the system temporary directory, left there for inspection.
package struct TemporaryDirectory {
    package let path: String

    package init() {
        path = NSTemporaryDirectory() + "orangerie-tests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
}

/// A platform configuration on a fresh database, listening on 127.0.0.1:0.
package func testConfiguration(database: String = TemporaryDirectory().path + "/test.sqlite") -> PlatformConfiguration {
    var configuration = PlatformConfiguration()
    configuration.host = "127.0.0.1"
    configuration.port = 0
    configuration.database = .sqlite(path: database)
    configuration.changeFeedInterval = .milliseconds(200)
    configuration.passwordCost = 4
    return configuration
}

/// A plain HTTP/1.1 answer.
package struct HTTPAnswer: Sendable {
    package var status: HTTPResponse.Status
    package var headers: HTTPFields
    package var body: String

    package func json() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] ?? [:]
    }
}

/// The running server, reached over loopback with Hummingbird's plain HTTP test client.
package struct RunningPlatform: Sendable {
    package let port: Int
    package let demo: ProvisionedApplication?
    /// The port of its `/metrics` listener, when the configuration has one (issue 14).
    package let metricsPort: Int?

    /// A server listening on `port` of 127.0.0.1: one started here, another process, or a proxy in front of them.
    package init(port: Int, demo: ProvisionedApplication? = nil, metricsPort: Int? = nil) {
        self.port = port
        self.demo = demo
        self.metricsPort = metricsPort
    }

    /// `http://127.0.0.1:PORT`.
    package var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The whole exchange must end within `timeout` (Hummingbird's test client's, 15 s by default).
    package func request(
        _ method: HTTPRequest.Method, _ path: String, headers: HTTPFields = [:], body: String? = nil, timeout: Duration = .seconds(15)
    ) async throws -> HTTPAnswer {
        try await request(method, path, headers: headers, bytes: body.map { Array($0.utf8) }, timeout: timeout)
    }

    package func request(
        _ method: HTTPRequest.Method, _ path: String, headers: HTTPFields = [:], bytes: [UInt8]?, timeout: Duration = .seconds(15)
    ) async throws -> HTTPAnswer {
        try await TestClient.withClient(host: "127.0.0.1", port: port, configuration: .init(timeout: timeout)) { client in
            let response = try await client.execute(
                TestClient.Request(path, method: method, authority: "127.0.0.1:\(port)", headers: headers, body: bytes.map { ByteBuffer(bytes: $0) }))
            return HTTPAnswer(
                status: response.head.status, headers: response.head.headerFields,
                body: response.body.map { String(buffer: $0) } ?? "")
        }
    }

    /// GETs of `paths`, one after the other on one kept-alive connection.
    package func requestsOnOneConnection(_ paths: [String], headers: HTTPFields = [:]) async throws -> [HTTPAnswer] {
        try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
            var answers: [HTTPAnswer] = []
            for path in paths {
                let response = try await client.execute(TestClient.Request(path, method: .get, authority: "127.0.0.1:\(port)", headers: headers))
                answers.append(
                    HTTPAnswer(status: response.head.status, headers: response.head.headerFields, body: response.body.map { String(buffer: $0) } ?? ""))
            }
            return answers
        }
    }

    /// `POST /oauth/v3/token` as seed 002's curl example sends it.
    package func token(
        authorization: String?, body: String = "grant_type=client_credentials", accept: String? = "application/json",
        contentType: String? = "application/x-www-form-urlencoded"
    ) async throws -> HTTPAnswer {
        var headers: HTTPFields = [:]
        if let authorization { headers[.authorization] = authorization }
        if let accept { headers[.accept] = accept }
        if let contentType { headers[.contentType] = contentType }
        return try await request(.post, "/oauth/v3/token", headers: headers, body: body)
    }
}

/// Runs the real server on 127.0.0.1:0 for the duration of `body`, then shuts it down gracefully.
package func withPlatform<Value: Sendable>(
    _ configuration: PlatformConfiguration,
    logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
    _ body: @Sendable (RunningPlatform) async throws -> Value
) async throws -> Value {
    let demo = Mutex<ProvisionedApplication?>(nil)
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    let (metricsPorts, metricsContinuation) = AsyncStream.makeStream(of: Int.self)
    let server = try await Platform.makeServer(
        configuration: configuration, logger: logger, onDemoReady: { application, _ in demo.withLock { $0 = application } },
        onServerRunning: { port in continuation.yield(port) }, onMetricsRunning: { port in metricsContinuation.yield(port) })
    return try await withRunning(server, ports: ports, logger: logger) { port in
        // The metrics listener starts beside the server: wait for its port too when there is one.
        let metricsPort = configuration.metrics.address == nil ? nil : await metricsPorts.first { _ in true }
        return try await body(RunningPlatform(port: port, demo: demo.withLock { $0 }, metricsPort: metricsPort))
    }
}

/// Runs `service` until `body`, given the port it listens on, returns; then shuts it down gracefully.
func withRunning<Value: Sendable>(
    _ service: some Service, ports: AsyncStream<Int>, logger: Logger, _ body: (Int) async throws -> Value
) async throws -> Value {
    let group = ServiceGroup(configuration: .init(services: [service], logger: logger))
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        defer { tasks.cancelAll() }
        guard let port = await ports.first(where: { _ in true }) else { throw CancellationError() }
        do {
            let value = try await body(port)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return value
        } catch {
            await group.triggerGracefulShutdown()
            throw error
        }
    }
}

/// Opens the configuration's database for `body`, as an administrator's command does, then closes it.
package func withAdministration<Value>(
    _ configuration: PlatformConfiguration, _ body: (Platform) async throws -> Value
) async throws -> Value {
    let platform = try await Platform.open(configuration)
    do {
        let value = try await body(platform)
        await platform.close()
        return value
    } catch {
        await platform.close()
        throw error
    }
}

/// Provisions an API and an application subscribed to it in the configuration's database.
package func provisionApplication(
    _ configuration: PlatformConfiguration, email: String = "dev@example.com", subscribe: Bool = true
) async throws -> ProvisionedApplication {
    try await withAdministration(configuration) { platform in
        if try await platform.provisioning.apis().isEmpty {
            _ = try await platform.provisioning.createAPI(name: "poi", basePath: "/poi/v1", upstream: "http://127.0.0.1:9")
        }
        return try await platform.provisioning.createApplication(
            email: email, name: "Test app", subscriptions: subscribe ? ["poi"] : [])
    }
}

/// Waits, when less than `margin` seconds are left in the current minute, for the next minute: a count that must be
/// exact within one window of a per-minute limit must not straddle two.
package func awayFromTheEndOfAMinute(margin: Double = 15) async throws {
    let second = Date().timeIntervalSince1970.truncatingRemainder(dividingBy: 60)
    if second > 60 - margin { try await Task.sleep(for: .seconds(60 - second + 0.2)) }
}

/// Polls `condition` every 50 ms until it holds or `timeout` passes; returns whether it held.
///
/// A test waiting for a change to be seen gives it 15 s: CI runs every suite at once on two cores, and how fast a
/// change propagates is a figure for a benchmark. Only a bound an issue sets (the 1-second invalidation across
/// instances) is asserted tighter.
package func eventually(within timeout: Duration, _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(50))
    }
    return try await condition()
}

/// What a 3-legged test starts from: an application with redirect URIs, subscribed to an API that declares
/// the `cloud` scope, and an end user.
package struct ThreeLeggedFixture: Sendable {
    package var application: ProvisionedApplication
    package var username: String
    package var password: String
    package var redirectURI: String

    package var clientID: String { application.credentials.clientID }
    package var basicAuthorization: String { application.credentials.authorizationHeader() }

    /// The parameters of seed 003's authorization request, with `extra` added or replacing.
    package func authorization(scope: String = "openid profile", state: String = "upToYouData", _ extra: [String: String] = [:])
        -> [String: String]
    {
        ["response_type": "code", "client_id": clientID, "scope": scope, "redirect_uri": redirectURI, "state": state]
            .merging(extra) { _, new in new }
    }
}

/// Provisions the API `poi` (scope `cloud`), an application and the user `alice` (bcrypt at the lowest cost, for
/// speed) in the configuration's database.
package func provisionThreeLegged(
    _ configuration: PlatformConfiguration, email: String = "dev@example.com",
    redirectURIs: [String] = ["https://app.example.com/callback", "http://127.0.0.1/callback"],
    username: String = "alice"
) async throws -> ThreeLeggedFixture {
    try await withAdministration(configuration) { platform in
        let provisioning = Provisioning(store: platform.store, vault: platform.vault, passwordCost: 4)
        if try await provisioning.apis().isEmpty {
            _ = try await provisioning.createAPI(name: "poi", basePath: "/poi/v1", upstream: "http://127.0.0.1:9", scopes: ["cloud"])
        }
        let application = try await provisioning.createApplication(
            email: email, name: "Test app", redirectURIs: redirectURIs, subscriptions: ["poi"])
        let password = "correct horse battery staple"
        if try await provisioning.users().contains(where: { $0.username == username }) == false {
            _ = try await provisioning.createUser(
                username: username, password: password,
                claims: EndUserClaims(
                    email: "alice@example.com", name: "Alice Martin", givenName: "Alice", familyName: "Martin",
                    phoneNumber: "+33612345678", address: "1 place de la Gare, 35000 Rennes"))
        }
        return ThreeLeggedFixture(application: application, username: username, password: password, redirectURI: redirectURIs[0])
    }
}
