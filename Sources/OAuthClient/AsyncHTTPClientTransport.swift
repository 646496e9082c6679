import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import NIOSSL

/// The ``HTTPTransport`` of Linux and servers, on swift-server's AsyncHTTPClient.
///
/// TLS 1.2 is the floor (seed 000); redirects are followed by ``RedirectPolicy``, never by AsyncHTTPClient, so
/// that `Authorization` never reaches another origin.
///
/// ```swift
/// let transport = AsyncHTTPClientTransport()          // or .shared
/// defer { Task { try await transport.shutdown() } }
/// let tokens = ClientCredentialsTokenSource(tokenURL: url, credentials: credentials, transport: transport)
/// ```
public struct AsyncHTTPClientTransport: HTTPTransport {
    public struct Configuration: Sendable {
        /// The lowest TLS version offered; there is nothing below 1.2 to choose.
        public var minimumTLSVersion: TLSProtocolVersion = .v1_2
        /// The highest TLS version offered; nil for the newest.
        public var maximumTLSVersion: TLSProtocolVersion?
        /// PEM files of certificate authorities to trust besides the system's (a private PKI, a test server).
        public var additionalTrustRoots: [String] = []
        /// The longest a whole exchange may take, from the first byte sent to the last byte of the answer's body,
        /// redirects included. AsyncHTTPClient's own deadline ends when the head arrives; this one does not, so a
        /// server that sends its head and then stalls fails the request with ``OAuthClientError/transportFailed``.
        public var timeout: Duration = .seconds(30)
        /// How many redirects are followed before the redirect answer itself is returned.
        public var maximumRedirects = 5
        /// The largest body read; a longer answer fails.
        public var maximumResponseSize = 16 << 20

        public init() {}
    }

    /// One client with the default configuration, for the life of the process (never shut down).
    public static let shared = AsyncHTTPClientTransport()

    private let client: HTTPClient
    private let configuration: Configuration

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        var clientConfiguration = HTTPClient.Configuration(
            tlsConfiguration: Self.tlsConfiguration(configuration), redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(10)))
        // A refused connection fails the request at once instead of being retried until the timeout: a client
        // pointed at a server that is down learns it in milliseconds, and the token source decides on retries.
        clientConfiguration.connectionPool.retryConnectionEstablishment = false
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: clientConfiguration)
    }

    /// Closes the connections; call it once done with a transport made with `init`.
    public func shutdown() async throws {
        try await client.shutdown()
    }

    static func tlsConfiguration(_ configuration: Configuration) -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = configuration.minimumTLSVersion == .v1_3 ? .tlsv13 : .tlsv12
        tls.maximumTLSVersion = configuration.maximumTLSVersion.map { $0 == .v1_3 ? .tlsv13 : .tlsv12 }
        tls.additionalTrustRoots = configuration.additionalTrustRoots.map { .file($0) }
        return tls
    }

    /// Sends `request` and reads its answer within ``Configuration/timeout``, body included.
    public func send(_ request: HTTPRequestMessage) async throws -> HTTPResponseMessage {
        do {
            return try await withTimeLimit(configuration.timeout) { [self] in
                try await RedirectPolicy.send(request, limit: configuration.maximumRedirects, hop: exchange)
            }
        } catch let exceeded as TimeLimitExceeded {
            throw OAuthClientError.timedOut(after: exceeded.limit, url: request.url)
        }
    }

    private func exchange(_ request: HTTPRequestMessage) async throws -> HTTPResponseMessage {
        var outgoing = HTTPClientRequest(url: request.url.absoluteString)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for field in request.headers { outgoing.headers.add(name: field.name, value: field.value) }
        switch request.body?.storage {
        case .bytes(let data)?:
            outgoing.body = .bytes(ByteBuffer(bytes: data))
        case .stream(let chunks)?:
            outgoing.body = .stream(chunks.map { ByteBuffer(bytes: $0) }, length: .unknown)
        case nil:
            break
        }
        do {
            let response = try await client.execute(outgoing, timeout: TimeAmount(configuration.timeout))
            let body = try await response.body.collect(upTo: configuration.maximumResponseSize)
            var headers = HTTPHeaderFields()
            for (name, value) in response.headers { headers.append(name, value) }
            return HTTPResponseMessage(status: Int(response.status.code), headers: headers, body: Data(buffer: body))
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw OAuthClientError.transportFailed(error, url: request.url)
        }
    }
}
