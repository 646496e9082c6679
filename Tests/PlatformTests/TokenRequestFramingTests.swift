import Dispatch
import Foundation
import OAuthCore
import PlatformStore
import PlatformTesting
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A client's framing error in a token request's body is the client's mistake: `400 invalid_request` (RFC 9112
/// §6.3, §7.1), never seed 002's `413` for a body over the limit.
@Suite struct TokenRequestFramingTests {
    static func head(_ path: String, _ credentials: ClientCredentials, framing: String) -> String {
        "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: \(credentials.authorizationHeader())\r\n"
            + "Accept: application/json\r\nContent-Type: application/x-www-form-urlencoded\r\n\(framing)\r\n\r\n"
    }

    @Test(arguments: ["/oauth/v3/token", "/openidconnect/fr/v1/token", "/openidconnect/fr/v1/revoke"])
    func aTruncatedOrMisframedBodyIsABadRequest(path: String) async throws {
        let configuration = testConfiguration()
        let app = try await provisionApplication(configuration)
        try await withPlatform(configuration) { (platform) async throws in
            // Content-Length promises more than the client sends before closing its side.
            let truncated = try await RawConnection.exchange(
                port: platform.port,
                Self.head(path, app.credentials, framing: "Content-Length: 100") + "grant_type=client_credentials",
                halfClose: true)
            #expect(truncated.hasPrefix("HTTP/1.1 400 "), "\(truncated)")
            #expect(truncated.contains(#""error":"invalid_request""#), "\(truncated)")

            // A chunk size that is no hexadecimal number.
            let badChunk = try await RawConnection.exchange(
                port: platform.port,
                Self.head(path, app.credentials, framing: "Transfer-Encoding: chunked") + "zz\r\ngrant_type=client_credentials\r\n0\r\n\r\n",
                halfClose: false)
            #expect(badChunk.hasPrefix("HTTP/1.1 400 "), "\(badChunk)")
            #expect(badChunk.contains(#""error":"invalid_request""#), "\(badChunk)")

            // A real over-size stays 413, chunked as with a length.
            let large = "grant_type=client_credentials&pad=" + String(repeating: "a", count: 20_000)
            let oversized = try await RawConnection.exchange(
                port: platform.port,
                Self.head(path, app.credentials, framing: "Transfer-Encoding: chunked")
                    + String(large.utf8.count, radix: 16) + "\r\n" + large + "\r\n0\r\n\r\n",
                halfClose: true)
            #expect(oversized.hasPrefix("HTTP/1.1 413 "), "\(oversized)")
        }
    }
}

/// One HTTP/1.1 exchange over a plain TCP socket, as no HTTP client library would frame it: writes `request`,
/// optionally shuts the write side, and reads until the server closes (or 30 s pass, so that a hang fails the
/// test instead of blocking it). Runs on a Dispatch thread: the calls block.
enum RawConnection {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func exchange(port: Int, _ request: String, halfClose: Bool) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try blockingExchange(port: port, Array(request.utf8), halfClose: halfClose) })
            }
        }
    }

    private static func blockingExchange(port: Int, _ request: [UInt8], halfClose: Bool) throws -> String {
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw Failure(description: "socket: \(errno)") }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect: \(errno)") }
        var sent = 0
        while sent < request.count {
            let written = request[sent...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
            guard written > 0 else { throw Failure(description: "send: \(errno)") }
            sent += written
        }
        if halfClose { shutdown(descriptor, Int32(SHUT_WR)) }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let read = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if read > 0 {
                answer += buffer[..<read]
            } else if read == 0 || answer.count > 0 {
                break
            } else {
                throw Failure(description: "recv: \(errno)")
            }
        }
        return String(decoding: answer, as: UTF8.self)
    }
}
