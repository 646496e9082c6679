import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import OAuthCore
import Synchronization

/// An application's back-channel logout endpoint (OpenID Connect Back-Channel Logout 1.0 §2.5) on 127.0.0.1:0, for
/// the sign-out tests: `POST /backchannel` records the `logout_token` of each attempt and answers 200, except that
/// the first ``failures`` attempts are refused with a 503, after holding the answer ``holdFirst``.
package final class LogoutReceiver: Sendable {
    /// One `POST` as the receiver saw it.
    package struct Attempt: Sendable {
        /// 0 for the first request to arrive, and so on (a held attempt is recorded when it answers).
        package var index: Int
        package var logoutToken: String?
        package var contentType: String?
        package var at: ContinuousClock.Instant
        package var accepted: Bool
    }

    private let failures: Int
    private let holdFirst: Duration
    private let seen = Mutex<[Attempt]>([])
    private let arrivals = Mutex(0)

    private init(failures: Int, holdFirst: Duration) {
        self.failures = failures
        self.holdFirst = holdFirst
    }

    /// Every attempt so far, in order.
    package var attempts: [Attempt] { seen.withLock { $0 } }

    /// The logout tokens it accepted.
    package var accepted: [String] { attempts.filter(\.accepted).compactMap(\.logoutToken) }

    /// Runs a receiver for `body`, given it and its URL (`http://127.0.0.1:PORT/backchannel`).
    package static func withReceiver<Value: Sendable>(
        failures: Int = 0, holdFirst: Duration = .zero, _ body: (LogoutReceiver, _ url: String) async throws -> Value
    ) async throws -> Value {
        let receiver = LogoutReceiver(failures: failures, holdFirst: holdFirst)
        let logger = Logger(label: "logout-receiver", factory: { _ in SwiftLogNoOpLogHandler() })
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let router = Router()
        router.post("/backchannel") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 64 * 1024)
            let fields = (try? FormEncoding.decode(bytes: body.readableBytesView)) ?? []
            let index = receiver.arrivals.withLock { count in
                defer { count += 1 }
                return count
            }
            if index == 0, receiver.holdFirst > .zero { try? await Task.sleep(for: receiver.holdFirst) }
            let accepted = index >= receiver.failures
            receiver.seen.withLock {
                $0.append(
                    Attempt(
                        index: index, logoutToken: fields.first { $0.name == "logout_token" }?.value, contentType: request.headers[.contentType],
                        at: .now, accepted: accepted))
            }
            return Response(status: accepted ? .ok : .serviceUnavailable, headers: [.cacheControl: "no-store"])
        }
        let application = Application(
            router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        return try await withRunning(application, ports: ports, logger: logger) { port in
            try await body(receiver, "http://127.0.0.1:\(port)/backchannel")
        }
    }
}
