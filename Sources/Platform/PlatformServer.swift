import Logging
import ServiceLifecycle
import UnixSignals

/// The running platform (``Platform/makeServer(configuration:logger:onDemoReady:onServerRunning:)``): the Hummingbird
/// application, and the first step of its graceful shutdown (issue 14, item 4). When the shutdown starts, `/readyz`
/// answers 503 and the server goes on serving for ``ShutdownTiming/drainDelay``, long enough for a load balancer to
/// notice and send new requests elsewhere; only then does the server stop accepting connections, finish the requests
/// in flight, and the platform's services flush their counts and close the store.
package struct PlatformServer: Service {
    let application: any Service
    let readiness: Readiness
    let timing: ShutdownTiming
    let logger: Logger

    package func run() async throws {
        // A group shuts its services down in reverse order: the drain first, then the application.
        let group = ServiceGroup(configuration: .init(services: [application, Drain(server: self)], logger: logger))
        try await group.run()
    }

    /// Runs the server until SIGTERM or SIGINT, then shuts it down gracefully: past the drain delay and the grace
    /// period, and a few seconds more for the last flush, what still runs is cancelled.
    package func runUntilSignalled() async throws {
        var configuration = ServiceGroupConfiguration(services: [self], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = timing.drainDelay + timing.grace + ShutdownTiming.flushAllowance
        try await ServiceGroup(configuration: configuration).run()
    }

    private struct Drain: Service {
        let server: PlatformServer

        func run() async throws {
            guard (try? await gracefulShutdown()) != nil else { return }
            server.readiness.startDraining()
            server.logger.info(
                "Shutting down: /readyz answers 503; new requests are served for the drain delay, then those in flight have the grace period to finish",
                metadata: ["drain_delay": "\(server.timing.drainDelay)", "grace": "\(server.timing.grace)"])
            try? await Task.sleep(for: server.timing.drainDelay)
        }
    }
}

/// How a graceful shutdown (SIGTERM) paces itself (issue 14, item 4; `serve --shutdown-delay`, `--shutdown-grace`).
package struct ShutdownTiming: Sendable {
    /// How long the server goes on serving, with `/readyz` at 503, before it stops accepting connections: at least a
    /// load balancer's health-check interval times its fall count behind one (deploy/haproxy.cfg: 2 s); 0 alone.
    package var drainDelay: Duration = .zero
    /// How long the requests in flight then have to finish before they are cut.
    package var grace: Duration = .seconds(10)
    /// What the counters' last flush and the store's closing may take after the grace period.
    static let flushAllowance: Duration = .seconds(5)

    package init() {}
}
