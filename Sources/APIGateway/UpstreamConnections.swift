import AsyncHTTPClient
import NIOCore
import NIOPosix
import NIOSSL
import OAuthClient
import ServiceLifecycle

/// The gateway's connections to backends: one HTTP client for every upstream, pooled keep-alive connections on the
/// server's event loops, TLS 1.2 or later to `https` upstreams (trusting the system's authorities and the
/// operator's `--upstream-ca`), redirects passed back to the client rather than followed, bodies never
/// decompressed, a refused connection never retried; and the transport that asks backends' own authorization
/// servers for tokens (issue 18, item 3); the channel data path's pools (issue 15, item 1). All are shut down when the
/// server stops.
package struct UpstreamConnections: Service {
    package let client: HTTPClient
    /// The TLS settings of every upstream connection, which a client certificate extends.
    let tlsConfiguration: TLSConfiguration
    let tokenTransport: AsyncHTTPClientTransport
    /// The channel data path's kept-alive connections, per event loop (issue 15, item 1).
    let channels: UpstreamChannelPools
    /// How long an upstream may take to answer.
    let timeout: Duration

    /// Throws when the TLS settings cannot be made: an `--upstream-ca` file that is not PEM.
    package init(configuration: GatewayConfiguration) throws {
        var clientConfiguration = HTTPClient.Configuration()
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12  // seed 000, for the gateway's own connections too
        tls.additionalTrustRoots = configuration.upstreamTrustRoots.map { .file($0) }
        tlsConfiguration = tls
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
        var transport = AsyncHTTPClientTransport.Configuration()
        transport.additionalTrustRoots = configuration.upstreamTrustRoots
        transport.timeout = configuration.upstreamTimeout
        tokenTransport = AsyncHTTPClientTransport(configuration: transport)
        channels = UpstreamChannelPools(
            settings: UpstreamChannelPool.Settings(
                tls: try NIOSSLContext(configuration: tls), connectTimeout: TimeAmount(configuration.connectTimeout),
                maximumIdle: configuration.connectionsPerUpstream))
        timeout = configuration.upstreamTimeout
    }

    package func run() async throws {
        try? await gracefulShutdown()
        channels.closeAll()
        try await client.shutdown()
        try await tokenTransport.shutdown()
    }
}
