import Foundation
import HTTPTypes
import Logging
import Platform
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

/// Issue 18, item 3: each backend authentication mode as the backend sees it, and its secret nowhere else: not in
/// the log (at trace level), not in the stored policy, not in the commands' output.
@Suite struct UpstreamAuthenticationTests {
    /// One call to the echo API with `credentials` set; what the backend saw, and the server's whole log.
    static func call(
        with credentials: UpstreamCredentials, upstream: String, fixture: GatewayTests.Fixture? = nil, calls: Int = 1,
        clientHeaders: HTTPFields = [:]
    ) async throws -> (echoes: [TestUpstream.Echo], log: String, stored: String) {
        let fixture = if let fixture { fixture } else { try await GatewayTests.Fixture(upstream: upstream) }
        let api = try await fixture.admin.updateAPI(named: "echo", policy: GatewayPolicyChange(upstreamCredentials: credentials))
        let sink = LogSink()
        var logger = sink.logger(.text)
        logger.logLevel = .trace
        let echoes = try await withPlatform(fixture.configuration, logger: logger) { platform in
            let token = try await GatewayTests.accessToken(platform, fixture.application.credentials)
            var echoes: [TestUpstream.Echo] = []
            for _ in 0..<calls {
                let answer = try await GatewayTests.call(platform, "/echo/v1/whoami", token: token, headers: clientHeaders)
                #expect(answer.status == .ok, "\(answer.body)")
                echoes.append(try GatewayTests.echo(answer))
            }
            return echoes
        }
        return (echoes, sink.text, api.policy.storedJSON)
    }

    @Test func aStaticHeaderReplacesWhatTheClientSent() async throws {
        try await TestUpstream.withUpstream { upstream in
            let (echoes, log, stored) = try await Self.call(
                with: .header("X-Api-Key: k-3c9e1f77"), upstream: upstream, clientHeaders: [HTTPField.Name("X-Api-Key")!: "spoofed"])
            #expect(echoes.first?.headers["x-api-key"] == "k-3c9e1f77")
            #expect(!log.contains("k-3c9e1f77") && !stored.contains("k-3c9e1f77"))
        }
    }

    @Test func httpBasicCredentials() async throws {
        try await TestUpstream.withUpstream { upstream in
            let (echoes, log, stored) = try await Self.call(with: .basic("gateway:pa55-w0rd-9d1"), upstream: upstream)
            #expect(echoes.first?.headers["authorization"] == "Basic " + Data("gateway:pa55-w0rd-9d1".utf8).base64EncodedString())
            #expect(!log.contains("pa55-w0rd-9d1") && !stored.contains("pa55-w0rd-9d1"))
        }
    }

    /// The backend's own token endpoint is asked once; every call carries its token (the SDK's cached single flight).
    @Test func aTokenFromTheBackendsOwnAuthorizationServerAskedOnce() async throws {
        try await TestUpstream.withUpstream { upstream in
            let client = TestUpstream.tokenClient
            let (echoes, log, stored) = try await Self.call(
                with: .clientCredentials(tokenURL: upstream + "/token", clientID: client.id, clientSecret: client.secret, scope: "shops.read"),
                upstream: upstream, calls: 3)
            // The backend numbers its tokens: a second request would have made backend-token-2.
            #expect(echoes.map { $0.headers["authorization"] } == Array(repeating: "Bearer backend-token-1", count: 3))
            #expect(!log.contains(client.secret) && !stored.contains(client.secret) && !log.contains("backend-token-1"))
        }
    }

    /// A backend whose authorization server refuses the gateway: 503 code 5, said in the log without the secret.
    @Test func aRefusedTokenRequestIsAnUnavailableBackend() async throws {
        try await TestUpstream.withUpstream { upstream in
            let fixture = try await GatewayTests.Fixture(upstream: upstream)
            _ = try await fixture.admin.updateAPI(
                named: "echo",
                policy: GatewayPolicyChange(
                    upstreamCredentials: .clientCredentials(tokenURL: upstream + "/token", clientID: "gateway", clientSecret: "wrong-7e1", scope: nil)))
            try await withPlatform(fixture.configuration) { platform in
                let token = try await GatewayTests.accessToken(platform, fixture.application.credentials)
                let answer = try await GatewayTests.call(platform, "/echo/v1/whoami", token: token)
                #expect(answer.status == .serviceUnavailable)
                #expect(try answer.json()["code"] as? Int == 5)
            }
        }
    }

    /// Mutual TLS: the backend demands a certificate it trusts; the gateway presents the one the operator gave, and
    /// without it the handshake fails (503 code 5).
    @Test func aClientCertificateOpensABackendThatDemandsOne() async throws {
        let directory = TemporaryDirectory().path
        let serverDirectory = directory + "/server"
        let clientDirectory = directory + "/client"
        for path in [serverDirectory, clientDirectory] { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        let server = try makeSelfSignedCertificate(in: serverDirectory)
        let client = try makeSelfSignedCertificate(in: clientDirectory)
        let mutualTLS = TestUpstream.MutualTLS(server: server, clientAuthority: client.certificateChainPath)
        try await TestUpstream.withUpstream(mutualTLS: mutualTLS) { upstream in
            var trusting = try await GatewayTests.Fixture(upstream: upstream)
            trusting.configuration.upstreamTrustRoots = [server.certificateChainPath]
            let fixture = trusting
            try await withPlatform(fixture.configuration) { platform in
                let token = try await GatewayTests.accessToken(platform, fixture.application.credentials)
                let refused = try await GatewayTests.call(platform, "/echo/v1/whoami", token: token)
                #expect(refused.status == .serviceUnavailable, "no client certificate, no handshake")
            }
            let key = try String(contentsOfFile: client.privateKeyPath, encoding: .utf8)
            let (echoes, log, stored) = try await Self.call(
                with: .mutualTLS(certificateChain: try String(contentsOfFile: client.certificateChainPath, encoding: .utf8), privateKey: key),
                upstream: upstream, fixture: fixture)
            #expect(echoes.first?.path == "/echo/up/whoami")
            let keyBody = key.split(separator: "\n").dropFirst().first.map(String.init) ?? "?"
            #expect(!log.contains(keyBody) && !stored.contains(keyBody))
        }
    }

    /// The commands take a secret from standard input, and never print it back.
    @Test(arguments: StoreDriver.available) func theCommandsSealTheSecretAndShowOnlyTheMode(driver: StoreDriver) async throws {
        let cli = try await AdminCommands(driver)
        #expect(try await cli.run(["api", "create", "--name", "poi", "--base-path", "/poi/v1", "--upstream", "http://127.0.0.1:9"]).status == 0)
        let set = try await cli.run(["api", "update", "poi", "--upstream-header", "X-Api-Key: -"], input: "k-from-stdin-81f\n")
        #expect(set.status == 0, "\(set.stderr)")
        let shown = try await cli.run(["api", "show", "poi"])
        for output in [set.stdout, shown.stdout] {
            #expect(!output.contains("k-from-stdin-81f"))
            let policy = try #require((try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])?["policy"] as? [String: Any])
            #expect(policy["upstream_authentication"] as? [String: String] == ["mode": "header", "header": "x-api-key"])
        }
        let twoModes = try await cli.run(["api", "update", "poi", "--upstream-basic", "a:b", "--upstream-auth", "none"])
        #expect(twoModes.status != 0 && twoModes.stderr.contains("give one backend authentication"))
        let cleared = try await cli.run(["api", "update", "poi", "--upstream-auth", "none"])
        #expect((try cleared.json()["policy"] as? [String: Any])?["upstream_authentication"] as? [String: String] == ["mode": "none"])
    }
}
