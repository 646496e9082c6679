import Foundation
import Platform

/// A self-signed certificate for 127.0.0.1 (and its key) in `directory`, made by the openssl command.
package func makeSelfSignedCertificate(in directory: String) throws -> PlatformConfiguration.TLSFiles {
    let files = PlatformConfiguration.TLSFiles(
        certificateChainPath: directory + "/cert.pem", privateKeyPath: directory + "/key.pem")
    let openssl = try ChildProcess(
        executable: "/usr/bin/env",
        arguments: [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", files.privateKeyPath, "-out", files.certificateChainPath,
        ],
        environment: ProcessInfo.processInfo.environment)
    try openssl.standardInput.close()
    _ = openssl.standardError.readDataToEndOfFile()
    guard openssl.waitForExit() == 0 else { throw CertificateError() }
    return files
}

/// openssl could not make the certificate.
struct CertificateError: Error {}
