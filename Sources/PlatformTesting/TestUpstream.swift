import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import Platform
import Synchronization

/// A small backend for gateway tests, on 127.0.0.1:0, over HTTPS demanding a client certificate when asked:
/// - `/echo/…` answers, as JSON, the method, path, query, headers and body it received, with a `Server` and an
///   `X-Powered-By` header for the gateway's header rules to remove;
/// - `/token` is the backend's own token endpoint (client credentials of ``tokenClient``), numbering its tokens;
/// - `/upload` counts the bytes of a streamed body; `/download?bytes=N` streams N bytes back;
/// - `/early` answers 401 at once without reading the body; `/slow?milliseconds=N` answers after N ms; `/hop-by-hop` answers with hop-by-hop headers to drop.
package enum TestUpstream {
    /// What `/echo` saw.
    package struct Echo: Codable, Sendable {
        package var method: String
        package var path: String
        package var query: String?
        package var headers: [String: String]
        package var bodyBytes: Int
        /// The body as text, when it is UTF-8 of at most 4 KiB.
        package var body: String?
        /// The gateway's port for this connection: the same one twice means the connection was kept alive.
        package var remotePort: Int?
    }

    /// Hummingbird's context plus the caller's address.
    struct Context: RequestContext {
        var coreContext: CoreRequestContextStorage
        let remoteAddress: SocketAddress?

        init(source: ApplicationRequestContextSource) {
            coreContext = CoreRequestContextStorage(source: source)
            remoteAddress = source.channel.remoteAddress
        }
    }

    /// The client whose credentials `/token` takes (HTTP Basic, form-encoded as RFC 6749 §2.3.1 says).
    package static let tokenClient = (id: "gateway", secret: "backend-secret-5f2a9c")

    /// An HTTPS upstream that demands a client certificate issued by `clientAuthority` (mutual TLS).
    package struct MutualTLS: Sendable {
        package var server: PlatformConfiguration.TLSFiles
        /// PEM file of the certificate a client must present (a self-signed one is its own authority).
        package var clientAuthority: String

        package init(server: PlatformConfiguration.TLSFiles, clientAuthority: String) {
            self.server = server
            self.clientAuthority = clientAuthority
        }
    }

    package static func withUpstream<Value: Sendable>(
        mutualTLS: MutualTLS? = nil, _ body: (_ url: String) async throws -> Value
    ) async throws -> Value {
        let logger = Logger(label: "upstream", factory: { _ in SwiftLogNoOpLogHandler() })
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var server = HTTPServerBuilder.http1()
        if let mutualTLS {
            var tls = TLSConfiguration.makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(mutualTLS.server.certificateChainPath).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: mutualTLS.server.privateKeyPath, format: .pem)))
            tls.certificateVerification = .noHostnameVerification
            tls.trustRoots = .file(mutualTLS.clientAuthority)
            server = try .tls(server, tlsConfiguration: tls)
        }
        let application = Application(
            router: router(),
            server: server,
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
            logger: logger)
        return try await withRunning(application, ports: ports, logger: logger) { port in
            try await body("\(mutualTLS == nil ? "http" : "https")://127.0.0.1:\(port)")
        }
    }

    private static func router() -> Router<Context> {
        let router = Router(context: Context.self)
        let tokensGiven = Mutex(0)
        router.post("/token") { request, _ -> Response in
            let expected = "Basic " + Data("\(tokenClient.id):\(tokenClient.secret)".utf8).base64EncodedString()
            guard request.headers[.authorization] == expected else {
                return Response(status: .unauthorized, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"error":"invalid_client"}"#)))
            }
            let number = tokensGiven.withLock { given in
                given += 1
                return given
            }
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"access_token":"backend-token-\#(number)","token_type":"Bearer","expires_in":3600}"#)))
        }
        for method in [HTTPRequest.Method.get, .head, .post, .put, .delete, .patch] {
            router.on("/echo/**", method: method) { request, context -> Response in
                var headers: [String: String] = [:]
                for field in request.headers {
                    headers[field.name.canonicalName] = headers[field.name.canonicalName].map { $0 + ", " + field.value } ?? field.value
                }
                var size = 0
                var text = ByteBuffer()
                for try await chunk in request.body {
                    size += chunk.readableBytes
                    if size <= 4096 { text.writeImmutableBuffer(chunk) }
                }
                let echo = Echo(
                    method: request.method.rawValue, path: request.uri.path, query: request.uri.query, headers: headers,
                    bodyBytes: size, body: size <= 4096 && size > 0 ? String(validating: text.readableBytesView, as: UTF8.self) : nil,
                    remotePort: context.remoteAddress?.port)
                return Response(
                    status: .ok,
                    headers: [.contentType: "application/json", .server: "test-upstream", HTTPField.Name("X-Powered-By")!: "Hummingbird"],
                    body: ResponseBody(byteBuffer: ByteBuffer(bytes: try JSONEncoder().encode(echo))))
            }
        }
        router.post("/upload") { request, _ -> String in
            var size = 0
            for try await chunk in request.body { size += chunk.readableBytes }
            return String(size)
        }
        router.get("/download") { request, _ -> Response in
            let total = Int(request.uri.queryParameters["bytes"] ?? "0") ?? 0
            return Response(
                status: .ok, headers: [.contentType: "application/octet-stream"],
                body: ResponseBody { writer in
                    let chunk = ByteBuffer(repeating: UInt8(ascii: "x"), count: 64 * 1024)
                    var left = total
                    while left > 0 {
                        try await writer.write(chunk.getSlice(at: 0, length: min(left, chunk.readableBytes))!)
                        left -= min(left, chunk.readableBytes)
                    }
                    try await writer.finish(nil)
                })
        }
        // Refuses at once, without reading the body, as a backend checking its own credentials first does.
        router.post("/early") { _, _ -> Response in
            Response(status: .unauthorized, headers: [.contentType: "text/plain"], body: ResponseBody(byteBuffer: ByteBuffer(string: "no")))
        }
        router.get("/slow") { request, _ -> String in
            try await Task.sleep(for: .milliseconds(Int(request.uri.queryParameters["milliseconds"] ?? "0") ?? 0))
            return "late"
        }
        router.get("/hop-by-hop") { _, _ -> Response in
            Response(
                status: .ok,
                headers: [.connection: "X-Private", HTTPField.Name("X-Private")!: "secret", .contentType: "text/plain",
                          HTTPField.Name("X-Public")!: "kept", HTTPField.Name("Keep-Alive")!: "timeout=5"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: "ok")))
        }
        return router
    }
}
