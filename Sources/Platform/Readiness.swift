import Hummingbird
import Logging
import NIOCore
import PlatformServices
import Synchronization

/// Whether this instance should be sent traffic (issue 14, item 4): `GET /readyz` answers 200 once the directory is
/// loaded, a signing key exists and the store answers, and 503 again from the moment a graceful shutdown starts, so
/// that a load balancer stops sending requests before the instance stops accepting them. `GET /healthz` stays the
/// liveness check: it fails only when the store does not answer.
package final class Readiness: Sendable {
    package static let path = "/readyz"

    private let directory: PlatformDirectory
    private let storeAnswers: @Sendable () async throws -> Void
    private let draining = Atomic(false)

    /// `storeAnswers` throws when the store cannot be reached.
    package init(directory: PlatformDirectory, storeAnswers: @escaping @Sendable () async throws -> Void) {
        self.directory = directory
        self.storeAnswers = storeAnswers
    }

    /// From now on the instance is not ready: a graceful shutdown has begun.
    package func startDraining() {
        draining.store(true, ordering: .relaxed)
    }

    /// What keeps the instance from being ready, in words for an operator; empty when it is ready. The store is asked
    /// last, and only when nothing else is wrong.
    package func problems() async -> [String] {
        var problems: [String] = []
        if draining.load(ordering: .relaxed) { problems.append("shutting down") }
        if !directory.isLoaded { problems.append("the applications and APIs are not loaded yet") }
        if directory.signingKeys.isEmpty { problems.append("no signing key yet") }
        guard problems.isEmpty else { return problems }
        do {
            try await storeAnswers()
        } catch {
            return ["the database does not answer"]
        }
        return []
    }

    /// `GET /readyz`: `ready`, or 503 with one problem per line.
    func addRoute(to router: Router<PlatformRequestContext>) {
        router.get(RouterPath(Self.path)) { _, _ -> Response in
            let problems = await self.problems()
            return Response(
                status: problems.isEmpty ? .ok : .serviceUnavailable, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: problems.isEmpty ? "ready\n" : problems.joined(separator: "\n") + "\n")))
        }
    }
}
