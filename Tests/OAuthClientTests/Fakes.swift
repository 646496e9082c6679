import Foundation
import Hummingbird
import HummingbirdTesting
import OAuthClient
import Synchronization

/// A wall clock that moves only when told, and a `sleep` that moves it instead of waiting.
final class ManualClock: Sendable {
    private let current: Mutex<Date>
    private let slept = Mutex<[Duration]>([])

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        current = Mutex(start)
    }

    var now: @Sendable () -> Date { { self.current.withLock { $0 } } }
    var sleep: @Sendable (Duration) async throws -> Void { { duration in self.slept.withLock { $0.append(duration) }; self.advance(by: duration) } }
    var sleeps: [Duration] { slept.withLock { $0 } }

    func advance(by duration: Duration) {
        current.withLock { $0 = $0.addingTimeInterval(Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18) }
    }

    /// A caching configuration on this clock, with no randomness.
    func cachingConfiguration() -> CachingTokenSource.Configuration {
        var configuration = CachingTokenSource.Configuration()
        configuration.now = now
        configuration.sleep = sleep
        configuration.random = { 0.5 }
        return configuration
    }
}

/// Counts what a fake server received.
final class Counter: Sendable {
    private let value = Mutex(0)
    /// Adds one and returns the new count.
    @discardableResult func next() -> Int { value.withLock { $0 += 1; return $0 } }
    var count: Int { value.withLock { $0 } }
}

/// Runs a small Hummingbird router on 127.0.0.1:0 — a fake token endpoint or resource server — for `body`.
@discardableResult
func withFakeServer<Value: Sendable>(
    _ build: (Router<BasicRequestContext>) -> Void, _ body: @Sendable (_ baseURL: String) async throws -> Value
) async throws -> Value {
    let router = Router()
    build(router)
    let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    return try await app.test(.live) { client in
        try await body("http://127.0.0.1:\(client.port!)")
    }
}

/// A JSON response.
func json(_ status: HTTPResponse.Status, _ text: String, headers: HTTPFields = [:]) -> Response {
    var fields = headers
    fields[.contentType] = "application/json"
    return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: text)))
}

/// Holds back whoever waits until it is opened: a fake server's stalled answer, released when the test is done so
/// that the server can stop.
final class Gate: Sendable {
    private let state = Mutex<(isOpen: Bool, waiting: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { continuation in
            let isOpen = state.withLock { state in
                if !state.isOpen { state.waiting.append(continuation) }
                return state.isOpen
            }
            if isOpen { continuation.resume() }
        }
    }

    var isOpen: Bool { state.withLock { $0.isOpen } }

    func open() {
        let waiting = state.withLock { state in
            state.isOpen = true
            defer { state.waiting = [] }
            return state.waiting
        }
        for continuation in waiting { continuation.resume() }
    }
}

/// Runs `body` with a transport of its own, shut down afterwards whatever happened.
func withTransport<Value: Sendable>(
    _ configuration: AsyncHTTPClientTransport.Configuration = .init(),
    _ body: (AsyncHTTPClientTransport) async throws -> Value
) async throws -> Value {
    let transport = AsyncHTTPClientTransport(configuration: configuration)
    let result: Result<Value, any Error>
    do {
        result = .success(try await body(transport))
    } catch {
        result = .failure(error)
    }
    try await transport.shutdown()
    return try result.get()
}
