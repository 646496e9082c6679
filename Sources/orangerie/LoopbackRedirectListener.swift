import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// The redirect endpoint of a native app (RFC 8252 §7.3): a one-shot HTTP listener on `127.0.0.1` and a free
/// port, which takes the first request to `/callback`, shows "you can close this tab", and stops.
struct LoopbackRedirectListener {
    /// Runs the listener; `ready` gets the redirect URI once it listens. Returns the callback URL.
    static func waitForCallback(timeout: Duration, ready: @escaping @Sendable (String) async throws -> Void) async throws -> URL {
        let (callbacks, callback) = AsyncStream.makeStream(of: String.self)
        let (ports, portReady) = AsyncStream.makeStream(of: Int.self)
        let router = Router()
        router.get("/callback") { request, _ -> Response in
            callback.yield(request.uri.description)
            let page = """
                <!DOCTYPE html><html lang="en"><meta charset="utf-8"><title>Orangerie</title>
                <body style="font-family: system-ui, sans-serif; margin: 3rem">
                <h1>Signed in</h1><p>You can close this tab and go back to the terminal.</p></body></html>
                """
            return Response(
                status: .ok,
                headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store", .init("Referrer-Policy")!: "no-referrer"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: page)))
        }
        let logger = Logger(label: "orangerie-login", factory: { _ in SwiftLogNoOpLogHandler() })
        let application = Application(
            router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portReady.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [application], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { service in
            service.addTask { try await group.run() }
            let received = try await withThrowingTaskGroup(of: String?.self) { waiting in
                waiting.addTask {
                    guard let port = await ports.first(where: { _ in true }) else { return nil }
                    try await ready("http://127.0.0.1:\(port)/callback")
                    return await callbacks.first { _ in true }.map { "http://127.0.0.1:\(port)" + $0 }
                }
                waiting.addTask {
                    try await Task.sleep(for: timeout)
                    throw LoginTimedOut()
                }
                defer { waiting.cancelAll() }
                return try await waiting.next() ?? nil
            }
            // A graceful shutdown lets the "you can close this tab" page reach the browser.
            await group.triggerGracefulShutdown()
            try await service.waitForAll()
            guard let received, let url = URL(string: received) else { throw LoginTimedOut() }
            return url
        }
    }
}

/// No browser came back in time.
struct LoginTimedOut: Error, CustomStringConvertible {
    var description: String { "no sign-in came back to the loopback redirect URI in time" }
}
