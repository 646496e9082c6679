import Hummingbird
import Logging
import NIOCore
import Prometheus

/// The second, small HTTP server that serves `GET /metrics` in Prometheus's text exposition format (issue 14,
/// item 1), on ``MetricsConfiguration/address`` only: the public port never answers it. It runs as one of the main
/// application's services, so it starts and stops with the platform.
enum MetricsListener {
    /// Prometheus's text format, version 0.0.4.
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// `beforeScrape` updates what is sampled rather than counted (process, caches, feed lag) just before each scrape.
    static func make(
        address: MetricsConfiguration.Address, registry: PrometheusCollectorRegistry, beforeScrape: @escaping @Sendable () -> Void,
        logger: Logger, onRunning: @escaping @Sendable (_ port: Int) async -> Void
    ) -> some ApplicationProtocol {
        let router = Router()
        router.get("/metrics") { _, _ -> Response in
            beforeScrape()
            var buffer = ByteBuffer()
            buffer.writeBytes(registry.emitToBuffer())
            return Response(status: .ok, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: buffer))
        }
        return Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(address.host, port: address.port), serverName: "Orangerie metrics"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? address.port
                logger.info("Metrics listening", metadata: ["url": "http://\(MetricsConfiguration.Address(host: address.host, port: port))/metrics"])
                await onRunning(port)
            },
            logger: logger)
    }
}
