import Foundation
import HTTPTypes
import OAuthCore
import Platform
import PlatformServices
import PlatformStore
import PlatformTesting
import Synchronization
import Testing

/// Instances as separate `orangerie serve` processes on one PostgreSQL database: one killed mid-load, and both behind
/// HAProxy with the configuration the README documents (issue 11, item 5).
@Suite(.enabled(if: StoreDriver.available.contains(.postgres), "needs PostgreSQL (ORANGERIE_TEST_POSTGRES_URL)"))
struct SeveralInstanceProcessesTests {
    /// `orangerie serve` on `database`, on a free port; returns the process and the port it listens on.
    static func startInstance(_ database: TestDatabase, _ extra: [String] = []) async throws -> (OrangerieProcess, RunningPlatform) {
        let server = try OrangerieProcess(
            ["serve", "--port", "0", "--database", database.location, "--token-rate-limit", "0"] + extra,
            environment: ["ORANGERIE_MASTER_KEY": SeveralInstancesTests.masterKeyBase64])
        let line = try #require(await server.standardErrorLine(containing: "Orangerie listening", drainingTheRest: true))
        let port = try #require(line.firstMatch(of: /http:\/\/127\.0\.0\.1:(\d+)/).flatMap { Int($0.1) })
        return (server, RunningPlatform(port: port))
    }

    @Test func everyTokenAnsweredBeforeAKillStillWorksAtTheSurvivor() async throws {
        try await TestUpstream.withUpstream { upstream in
            let database = try await StoreDriver.postgres.makeDatabase()
            let configuration = SeveralInstancesTests.configuration(database)
            let app = try await SeveralInstancesTests.provisionAPI(configuration, upstream: upstream)
            let (doomed, doomedInstance) = try await Self.startInstance(database)
            let (survivor, survivingInstance) = try await Self.startInstance(database)
            defer {
                survivor.terminate()
                Task { await database.drop() }
            }

            // Both instances issue tokens, four requests at a time each; once they answered 40 between them (however
            // slow the machine), the first is killed, and the requests go on for a moment after.
            let answered = Tally()
            let (killed, kill) = AsyncStream.makeStream(of: Void.self)
            let tokens = try await withThrowingTaskGroup(of: [String].self) { group in
                for instance in [doomedInstance, survivingInstance] {
                    for _ in 0..<4 {
                        group.addTask {
                            var tokens: [String] = []
                            var stop: ContinuousClock.Instant?
                            while stop.map({ ContinuousClock.now < $0 }) ?? true {
                                if stop == nil, answered.count >= 40 { stop = .now + .milliseconds(300) }
                                guard let answer = try? await instance.token(authorization: app.credentials.authorizationHeader()) else {
                                    continue
                                }
                                if answer.status == .ok, let token = try answer.json()["access_token"] as? String {
                                    tokens.append(token)
                                    if answered.increment() == 40 { kill.yield() }
                                }
                            }
                            return tokens
                        }
                    }
                }
                group.addTask {
                    for await _ in killed { break }
                    doomed.killAbruptly()
                    return []
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(await doomed.result().status == 128 + SIGKILL)
            #expect(tokens.count >= 40)
            var refused = 0
            for token in tokens where try await SeveralInstancesTests.call(survivingInstance, token).status != .ok {
                refused += 1
            }
            #expect(refused == 0, "\(refused) of \(tokens.count) tokens answered with a 200 are refused at the survivor")
        }
    }

    /// HAProxy from Debian; with CI set, a missing HAProxy fails the test instead of skipping it.
    static let haproxy = ["/usr/sbin/haproxy", "/usr/bin/haproxy"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: haproxy != nil || ProcessInfo.processInfo.environment["CI"] != nil, "needs HAProxy"))
    func theSeed002FlowThroughHAProxyInFrontOfTwoInstances() async throws {
        let haproxy = try #require(Self.haproxy, "HAProxy is not installed (apt-get install haproxy)")
        try await TestUpstream.withUpstream { upstream in
            try await SeveralInstancesTests.withTwoInstances(prepare: { try await SeveralInstancesTests.provisionAPI($0, upstream: upstream) }) {
                app, _, one, two in
                let listen = try Self.freePort()
                let proxy = try ChildProcess(
                    executable: haproxy, arguments: ["-f", Self.haproxyConfiguration, "-db", "-q"],
                    environment: [
                        "ORANGERIE_LISTEN": "127.0.0.1:\(listen)", "ORANGERIE_INSTANCE_1": "127.0.0.1:\(one.port)",
                        "ORANGERIE_INSTANCE_2": "127.0.0.1:\(two.port)", "PATH": "/usr/sbin:/usr/bin:/bin",
                    ])
                defer { proxy.terminate() }
                let front = RunningPlatform(port: listen)
                #expect(try await eventually(within: .seconds(10)) { (try? await front.request(.get, "/healthz").status) == .ok })

                // Seed 002: the token request with the Authorization header of the Credentials tab, then the API.
                for _ in 0..<6 {
                    let answer = try await front.token(authorization: app.credentials.authorizationHeader())
                    #expect(answer.status == .ok)
                    let json = try answer.json()
                    #expect(json["token_type"] as? String == "Bearer")
                    #expect(json["expires_in"] as? Int == 3600)
                    let token = try #require(json["access_token"] as? String)
                    let call = try await SeveralInstancesTests.call(front, token)
                    #expect(call.status == .ok)
                    let echo = try JSONDecoder().decode(TestUpstream.Echo.self, from: Data(call.body.utf8))
                    #expect(echo.path == "/echo/shops")
                    #expect(echo.headers["x-oapi-client-id"] == app.credentials.clientID)
                }
            }
        }
    }

    /// deploy/haproxy.cfg of this checkout.
    static var haproxyConfiguration: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("deploy/haproxy.cfg").path
    }

    /// A port of 127.0.0.1 that was free a moment ago.
    static func freePort() throws -> Int {
        let socket = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// A count that concurrent tasks share.
final class Tally: Sendable {
    private let value = Mutex(0)

    var count: Int { value.withLock { $0 } }

    /// Adds one; returns the new count.
    func increment() -> Int {
        value.withLock { value in
            value += 1
            return value
        }
    }
}
