import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// A small backend for gateway tests, on 127.0.0.1:0:
/// - `/echo/…` answers, as JSON, the method, path, query, headers and body size it received;
/// - `/upload` counts the bytes of a streamed body; `/download?bytes=N` streams N bytes back;
/// - `/slow?milliseconds=N` answers after N ms; `/hop-by-hop` answers with hop-by-hop headers to drop.
package enum TestUpstream {
    /// What `/echo` saw.
    package struct Echo: Codable, Sendable {
        package var method: String
        package var path: String
        package var query: String?
        package var headers: [String: String]
        package var bodyBytes: Int
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

    package static func withUpstream<Value: Sendable>(_ body: (_ url: String) async throws -> Value) async throws -> Value {
        let logger = Logger(label: "upstream", factory: { _ in SwiftLogNoOpLogHandler() })
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            router: router(),
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
            logger: logger)
        return try await withRunning(application, ports: ports, logger: logger) { port in
            try await body("http://127.0.0.1:\(port)")
        }
    }

    private static func router() -> Router<Context> {
        let router = Router(context: Context.self)
        for method in [HTTPRequest.Method.get, .post, .put, .delete, .patch] {
            router.on("/echo/**", method: method) { request, context -> Response in
                var headers: [String: String] = [:]
                for field in request.headers {
                    headers[field.name.canonicalName] = headers[field.name.canonicalName].map { $0 + ", " + field.value } ?? field.value
                }
                var size = 0
                for try await chunk in request.body { size += chunk.readableBytes }
                let echo = Echo(
                    method: request.method.rawValue, path: request.uri.path, query: request.uri.query, headers: headers,
                    bodyBytes: size, remotePort: context.remoteAddress?.port)
                return Response(
                    status: .ok, headers: [.contentType: "application/json"],
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
