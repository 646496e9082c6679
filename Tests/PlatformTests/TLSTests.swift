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
    /// A self-signed certificate for 127.0.0.1, made by the openssl command.
    static func makeCertificate(in directory: String) throws -> PlatformConfiguration.TLSFiles {
        let files = PlatformConfiguration.TLSFiles(
            certificateChainPath: directory + "/cert.pem", privateKeyPath: directory + "/key.pem")
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", files.privateKeyPath, "-out", files.certificateChainPath,
        ]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        try #require(openssl.terminationStatus == 0, "openssl could not make a certificate")
        return files
    }

    static func client(maximumVersion: TLSVersion) -> TestClient.Configuration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .none
        tls.minimumTLSVersion = .tlsv1
        tls.maximumTLSVersion = maximumVersion
        // SNI carries a host name, never an IP address.
        return TestClient.Configuration(tlsConfiguration: tls, timeout: .seconds(5), serverName: "localhost")
    }

    @Test func servesHTTPSWithTLS12AtLeast() async throws {
        let directory = TemporaryDirectory().path
        var configuration = testConfiguration(database: directory + "/tls.sqlite")
        configuration.tls = try Self.makeCertificate(in: directory)
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
