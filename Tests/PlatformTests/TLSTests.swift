import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOSSL
import Platform
import PlatformTesting
import Testing

/// Seed 000: "Orange APIs only support HTTPS with TLS 1.2, as earlier versions (TLS 1.0 and 1.1) have been
/// deprecated."
@Suite struct TLSTests {
    static func client(maximumVersion: TLSVersion) -> TestClient.Configuration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .none
        tls.minimumTLSVersion = .tlsv1
        tls.maximumTLSVersion = maximumVersion
        // SNI carries a host name, never an IP address.
        return TestClient.Configuration(tlsConfiguration: tls, timeout: .seconds(30), serverName: "localhost")
    }

    @Test func servesHTTPSWithTLS12AtLeast() async throws {
        let directory = TemporaryDirectory().path
        var configuration = testConfiguration(database: directory + "/tls.sqlite")
        configuration.tls = try makeSelfSignedCertificate(in: directory)
        try await withPlatform(configuration) { (platform) async throws in
            for version in [TLSVersion.tlsv12, .tlsv13] {
                let status = try await TestClient.withClient(host: "127.0.0.1", port: platform.port, configuration: Self.client(maximumVersion: version)) { client in
                    try await client.execute(TestClient.Request("/healthz", method: .get, authority: "127.0.0.1")).head.status
                }
                #expect(status == .ok, "TLS up to \(version)")
            }
            for version in [TLSVersion.tlsv1, .tlsv11] {
                await #expect(throws: (any Error).self, "TLS up to \(version) must be refused") {
                    try await TestClient.withClient(host: "127.0.0.1", port: platform.port, configuration: Self.client(maximumVersion: version)) { client in
                        _ = try await client.execute(TestClient.Request("/healthz", method: .get, authority: "127.0.0.1"))
                    }
                }
            }
        }
    }
}
