import AuthorizationServer
import Foundation
import NIOSSL
import PlatformServices
import PlatformStore

/// Everything `orangerie serve` can be told, with secure defaults. The executable fills it from flags and
/// `ORANGERIE_*` variables; nothing else reads the environment.
package struct PlatformConfiguration: Sendable {
    package var host = "127.0.0.1"
    package var port = 8080
    /// The SQLite file of a single instance, or the PostgreSQL database that several share.
    package var database = DatabaseLocation.sqlite(path: "orangerie.sqlite")
    /// Where the master key comes from; for SQLite, when nothing is given, from the file `PATH.key` beside it.
    package var masterKey = MasterKeySource()
    /// Lifetime of an access token in seconds (seed 002: 60 minutes).
    package var accessTokenLifetime = 3600
    /// Token requests per minute and application (seed 002: 50); 0 turns the limit off.
    package var tokenRequestsPerMinute = 50
    /// How long, in seconds, a renewed secret still gets tokens, and those obtained with it keep working (0 to
    /// 48 h; issue 12, "Renew the secret"). 0, Orange's way: the old secret is "out-of-date" at once (seed 002).
    package var secretRenewalGrace: TimeInterval = 0
    /// Provisions the demo API and application (not for production).
    package var demo = false
    /// Serve HTTPS with these PEM files, TLS 1.2 at least (seed 000).
    package var tls: TLSFiles?
    /// Allows plain HTTP on a non-loopback address, for deployments behind a TLS-terminating proxy.
    package var allowInsecureHTTP = false
    /// How long an API's upstream may take to answer before the client gets a 504.
    package var upstreamTimeout: Duration = .seconds(30)
    /// How long connecting to an API's upstream may take before the client gets a 503.
    package var upstreamConnectTimeout: Duration = .seconds(5)
    /// PEM files of certificate authorities trusted for `https` upstreams besides the system's (`--upstream-ca`).
    package var upstreamTrustRoots: [String] = []
    /// The time of day for token lifetimes and limit windows; tests move it by hand.
    package var clock: WallClock = .system
    /// The URL clients reach the platform at, such as `https://api.example.com`: the OpenID Connect issuer is
    /// this and `/openidconnect/fr/v1`. Nil: `http(s)://HOST:PORT` of the listening socket.
    package var publicURL: String?
    /// Address blocks (CIDR) of the proxies in front of the platform, whose `Forwarded` and `X-Forwarded-For`
    /// headers name the client; from any other peer they are ignored.
    package var trustedProxies: [String] = []
    /// Sizes and deadlines every connection is held to.
    package var connectionLimits = ConnectionLimits()
    /// On a shared database, count quotas in memory and add them to the database every 100 ms rather than one
    /// statement per call (``BatchedQuotaLimiter``): faster, at the price of a bounded overshoot. Rate limits stay exact.
    package var batchedQuotas = false
    /// Whether the gateway and the token endpoints count their calls for the usage pages (issue 13); off only to
    /// measure what counting costs.
    package var countsUsage = true
    /// bcrypt's cost for the passwords developers choose on the portal: 12 (about 0.2 s a hash here); tests ask for
    /// less, since a hash's cost is also what every sign-in with it pays.
    package var passwordCost: UInt8 = 12
    /// How long a key signs ID tokens before automatic rotation replaces it (issue 16, item 3); nil: only
    /// `orangerie keys rotate` rotates.
    package var signingKeyRotation: TimeInterval?
    /// How often each instance checks whether the signing key is due for rotation; tests shorten it.
    package var signingKeyRotationCheck: Duration = .seconds(60)
    /// How often the change feed is read for changes made by other processes.
    package var changeFeedInterval: Duration = .milliseconds(500)
    /// The timeout and retries of back-channel logout deliveries (issue 16, item 1); tests shorten the retries.
    package var backChannelLogout = BackChannelLogout.Configuration()
    /// Where e-mail goes: an outbox directory (the default, beside the database) or a `sendmail`-compatible command.
    package var mail = MailConfiguration()
    /// How a graceful shutdown drains the instance and how long requests in flight have to finish (issue 14).
    package var shutdown = ShutdownTiming()
    /// The `/metrics` listener, off by default (issue 14).
    package var metrics = MetricsConfiguration()
    /// Traces to an OpenTelemetry collector (issue 14, item 2); off by default.
    package var tracing = TracingConfiguration()

    package init() {}

    package struct TLSFiles: Sendable {
        package var certificateChainPath: String
        package var privateKeyPath: String

        package init(certificateChainPath: String, privateKeyPath: String) {
            self.certificateChainPath = certificateChainPath
            self.privateKeyPath = privateKeyPath
        }
    }

    /// Whether `host` only ever reaches this machine.
    package var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// Refuses settings that would be unsafe or cannot work.
    package func validate() throws(ConfigurationError) {
        guard (0...65535).contains(port) else { throw ConfigurationError("the port must be between 0 and 65535") }
        guard accessTokenLifetime > 0 else { throw ConfigurationError("the token lifetime must be positive") }
        guard upstreamTimeout > .zero else { throw ConfigurationError("the upstream timeout must be positive") }
        guard connectionLimits.requestHeadTimeout > .zero, connectionLimits.idleTimeout > .zero else {
            throw ConfigurationError("the request head and idle timeouts must be positive")
        }
        guard tokenRequestsPerMinute >= 0 else {
            throw ConfigurationError("the token rate limit must be 0 (off) or positive")
        }
        do {
            _ = try Validation.secretRenewalGrace(secretRenewalGrace)
        } catch {
            throw ConfigurationError(error.description)
        }
        if let signingKeyRotation, signingKeyRotation < SigningKeyRotation.shortestPeriod {
            throw ConfigurationError("the signing key rotation period must be at least 1h")
        }
        _ = try TrustedProxies(trustedProxies)
        for file in upstreamTrustRoots where (try? NIOSSLCertificate.fromPEMFile(file))?.isEmpty != false {
            throw ConfigurationError("--upstream-ca \(file) is not a readable PEM file of certificates")
        }
        try mail.validate()
        if let address = metrics.address, address.port != 0, address.port == port, address.host == host {
            throw ConfigurationError("the metrics address must not be the public one: /metrics is never served on the public port")
        }
        try tracing.validate()
        if let publicURL {
            guard let url = URL(string: publicURL), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
                url.host?.isEmpty == false, url.query == nil, url.fragment == nil, url.path.isEmpty || url.path == "/"
            else {
                throw ConfigurationError("the public URL must be http(s)://HOST[:PORT], without path, query or fragment")
            }
        }
        if tls == nil, !isLoopback, !allowInsecureHTTP {
            throw ConfigurationError(
                "refusing plain HTTP on \(host): use --tls-certificate and --tls-key, or --allow-insecure-http behind a TLS-terminating proxy"
            )
        }
    }
}

/// A setting that the platform refuses to start with.
package struct ConfigurationError: Error, CustomStringConvertible {
    package var description: String
    package init(_ description: String) { self.description = description }
}
