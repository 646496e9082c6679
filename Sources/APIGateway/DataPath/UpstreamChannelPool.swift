import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// The channel data path's kept-alive connections to upstreams on one event loop (issue 15, item 1): a call is
/// proxied on a connection of its client's own loop, so that no part crosses threads. Bounded per upstream, closed
/// after ``Settings/idleTimeout`` unused; a connection the upstream closed is dropped as soon as that is seen.
/// Used on its event loop only.
///
/// One sweep every ``sweepInterval`` closes the connections idle too long and times out the calls whose upstream
/// has not answered by their deadline, instead of a timer set and cancelled per call.
final class UpstreamChannelPool {
    struct Settings: Sendable {
        var tls: NIOSSLContext
        var connectTimeout: TimeAmount
        /// Idle connections kept per upstream.
        var maximumIdle: Int
        var idleTimeout: TimeAmount = .seconds(60)
    }

    let eventLoop: any EventLoop
    private let settings: Settings
    private var idle: [UpstreamEndpoint: [UpstreamChannelHandler]] = [:]
    private var endpoints: [String: UpstreamEndpoint?] = [:]
    private var isClosed = false
    /// The calls waiting for their upstream's answer, with their deadlines.
    private var waiting: [ObjectIdentifier: (deadline: NIODeadline, exchange: ProxyExchange)] = [:]
    private var sweeps: RepeatedTask?

    /// How often deadlines are checked: a call times out at most this late.
    static let sweepInterval = TimeAmount.milliseconds(100)

    init(eventLoop: any EventLoop, settings: Settings) {
        self.eventLoop = eventLoop
        self.settings = settings
    }

    /// The endpoint of an API's `upstream` URL, parsed once; nil when the channel data path cannot reach it.
    func endpoint(of upstream: String) -> UpstreamEndpoint? {
        if let known = endpoints[upstream] { return known }
        let parsed = UpstreamEndpoint(url: upstream)
        if endpoints.count < 10_000 { endpoints[upstream] = parsed }
        return parsed
    }

    /// Hands `then` an idle connection to `endpoint` (`reused`), or a new one.
    func connection(to endpoint: UpstreamEndpoint, then: @escaping (Result<(UpstreamChannelHandler, reused: Bool), any Error>) -> Void) {
        while let candidate = idle[endpoint]?.popLast() {
            if candidate.takeFromPool() { return then(.success((candidate, true))) }
        }
        connect(to: endpoint).assumeIsolated().whenComplete { result in
            then(result.flatMap { channel in
                Result { (try channel.pipeline.syncOperations.handler(type: UpstreamChannelHandler.self), false) }
            })
        }
    }

    /// Takes back a connection whose exchange ended cleanly; closes it when the pool is full or closed.
    func release(_ connection: UpstreamChannelHandler) {
        guard !isClosed, idle[connection.endpoint, default: []].count < settings.maximumIdle else { return connection.close() }
        idle[connection.endpoint, default: []].append(connection)
        connection.parkInPool()
        sweepRegularly()
    }

    /// Times `exchange` out (``ProxyExchange/timedOut()``) unless it is let go by `deadline`.
    func watch(_ exchange: ProxyExchange, until deadline: NIODeadline) {
        waiting[ObjectIdentifier(exchange)] = (deadline, exchange)
        sweepRegularly()
    }

    func letGo(_ exchange: ProxyExchange) {
        waiting.removeValue(forKey: ObjectIdentifier(exchange))
    }

    private func sweepRegularly() {
        guard sweeps == nil, !isClosed else { return }
        let pool = NIOLoopBound(self, eventLoop: eventLoop)
        sweeps = eventLoop.scheduleRepeatedTask(initialDelay: Self.sweepInterval, delay: Self.sweepInterval) { _ in pool.value.sweep() }
    }

    private func sweep() {
        let now = NIODeadline.now()
        let late = waiting.values.filter { $0.deadline <= now }
        for (_, exchange) in late {
            letGo(exchange)
            exchange.timedOut()
        }
        let stale = now - settings.idleTimeout
        // Released in turn and taken from the end, each list is oldest first.
        for (endpoint, connections) in idle {
            let old = connections.prefix { $0.parkedAt <= stale }
            guard !old.isEmpty else { continue }
            idle[endpoint] = Array(connections.dropFirst(old.count))
            for connection in old { connection.close() }
        }
    }

    /// Drops a connection closed while it was idle.
    func forget(_ connection: UpstreamChannelHandler) {
        idle[connection.endpoint]?.removeAll { $0 === connection }
    }

    /// Closes every idle connection, and from now on every released one: the server is stopping.
    func closeAll() {
        isClosed = true
        sweeps?.cancel()
        sweeps = nil
        let connections = idle.values.joined()
        idle = [:]
        for connection in connections { connection.close() }
    }

    private func connect(to endpoint: UpstreamEndpoint) -> EventLoopFuture<any Channel> {
        let settings = settings
        let pool = NIOLoopBound(self, eventLoop: eventLoop)
        return ClientBootstrap(group: eventLoop)
            .connectTimeout(settings.connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelOption(.autoRead, value: false)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let operations = channel.pipeline.syncOperations
                    if endpoint.isSecure {
                        let hostname = endpoint.host.isIPAddress ? nil : endpoint.host
                        try operations.addHandler(NIOSSLClientHandler(context: settings.tls, serverHostname: hostname))
                    }
                    try operations.addHTTPClientHandlers()
                    try operations.addHandler(UpstreamChannelHandler(endpoint: endpoint, pool: pool.value))
                }
            }
            .connect(host: endpoint.host, port: endpoint.port)
    }
}

extension String {
    /// Whether this is an IPv4 or IPv6 literal, which TLS's server name indication must not carry (RFC 6066 §3).
    fileprivate var isIPAddress: Bool {
        (try? SocketAddress(ipAddress: self, port: 0)) != nil
    }
}

/// Every event loop's ``UpstreamChannelPool``, made on first use; closes them when the server stops.
package final class UpstreamChannelPools: Sendable {
    private let settings: UpstreamChannelPool.Settings
    private let pools = Mutex<[ObjectIdentifier: NIOLoopBound<UpstreamChannelPool>]>([:])

    init(settings: UpstreamChannelPool.Settings) {
        self.settings = settings
    }

    /// The pool of `eventLoop`; called on that loop.
    func pool(on eventLoop: any EventLoop) -> UpstreamChannelPool {
        let bound = pools.withLock { pools in
            let key = ObjectIdentifier(eventLoop)
            if let pool = pools[key] { return pool }
            let pool = NIOLoopBound(UpstreamChannelPool(eventLoop: eventLoop, settings: settings), eventLoop: eventLoop)
            pools[key] = pool
            return pool
        }
        return bound.value
    }

    func closeAll() {
        for pool in pools.withLock({ Array($0.values) }) {
            pool.eventLoop.execute { pool.value.closeAll() }
        }
    }
}
