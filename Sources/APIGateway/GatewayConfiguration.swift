/// Settings of the API gateway, with secure defaults.
package struct GatewayConfiguration: Sendable {
    /// How long an upstream may take to answer before the client gets a 504.
    package var upstreamTimeout: Duration
    /// How long connecting to an upstream may take before the client gets a 503.
    package var connectTimeout: Duration
    /// Kept-alive connections per upstream host.
    package var connectionsPerUpstream: Int
    /// PEM files of certificate authorities trusted for `https` upstreams besides the system's: a private PKI.
    package var upstreamTrustRoots: [String]

    package init(
        upstreamTimeout: Duration = .seconds(30), connectTimeout: Duration = .seconds(5), connectionsPerUpstream: Int = 256,
        upstreamTrustRoots: [String] = []
    ) {
        self.upstreamTimeout = upstreamTimeout
        self.connectTimeout = connectTimeout
        self.connectionsPerUpstream = connectionsPerUpstream
        self.upstreamTrustRoots = upstreamTrustRoots
    }
}
