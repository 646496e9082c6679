import APIGateway
import AsyncHTTPClient
import NIOCore
import NIOPosix
import NIOSSL
import ServiceLifecycle

/// The one HTTP client the gateway uses for every upstream: pooled keep-alive connections on the server's
/// event loops, TLS 1.2 or later to `https` upstreams, redirects passed back to the client rather than
/// followed, bodies never decompressed, a refused connection never retried.
/// It is shut down when the server stops.
struct UpstreamClient: Service {
    let client: HTTPClient

    init(configuration: GatewayConfiguration) {
        var clientConfiguration = HTTPClient.Configuration()
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12  // seed 000, for the gateway's own connections too
        clientConfiguration.tlsConfiguration = tls
        clientConfiguration.redirectConfiguration = .disallow
        clientConfiguration.decompression = .disabled
        clientConfiguration.timeout = HTTPClient.Configuration.Timeout(
            connect: TimeAmount(configuration.connectTimeout), read: TimeAmount(configuration.upstreamTimeout))
        var pool = HTTPClient.Configuration.ConnectionPool()
        pool.concurrentHTTP1ConnectionsPerHostSoftLimit = configuration.connectionsPerUpstream
        // A backend that refuses connections is down: the client gets its 503 at once, not after seconds of
        // retries that only hold the request (issue 10, item 8).
        pool.retryConnectionEstablishment = false
        clientConfiguration.connectionPool = pool
        client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: clientConfiguration)
    }

    func run() async throws {
        try? await gracefulShutdown()
        try await client.shutdown()
    }
}
