#if canImport(Darwin)
import Foundation

/// The ``HTTPTransport`` of Apple platforms, on URLSession's async API (absent from swift-corelibs-foundation,
/// so this type exists only where Darwin's Foundation does).
///
/// TLS 1.2 is the floor (seed 000); URLSession's own redirect handling is turned off and ``RedirectPolicy``
/// follows redirects instead, so that `Authorization` never reaches another origin.
///
/// ```swift
/// let transport = URLSessionTransport()
/// let tokens = ClientCredentialsTokenSource(tokenURL: url, credentials: credentials, transport: transport)
/// ```
public final class URLSessionTransport: HTTPTransport {
    private let session: URLSession
    private let maximumRedirects: Int

    /// A session with no cookies, no cache and TLS `minimumTLSVersion` or later. `timeout` bounds each whole
    /// exchange, the answer's body included (URLSession's resource timeout).
    public init(minimumTLSVersion: TLSProtocolVersion = .v1_2, timeout: Duration = .seconds(30), maximumRedirects: Int = 5) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.tlsMinimumSupportedProtocolVersion = minimumTLSVersion == .v1_3 ? .TLSv13 : .TLSv12
        configuration.timeoutIntervalForResource = Double(timeout.components.seconds)
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        session = URLSession(configuration: configuration, delegate: NoRedirects(), delegateQueue: nil)
        self.maximumRedirects = maximumRedirects
    }

    public func send(_ request: HTTPRequestMessage) async throws -> HTTPResponseMessage {
        try await RedirectPolicy.send(request, limit: maximumRedirects, hop: exchange)
    }

    private func exchange(_ request: HTTPRequestMessage) async throws -> HTTPResponseMessage {
        var outgoing = URLRequest(url: request.url)
        outgoing.httpMethod = request.method
        for field in request.headers { outgoing.addValue(field.value, forHTTPHeaderField: field.name) }
        switch request.body?.storage {
        case .bytes(let data)?:
            outgoing.httpBody = data
        case .stream(let chunks)?:
            var data = Data()
            for try await chunk in chunks { data.append(chunk) }
            outgoing.httpBody = data
        case nil:
            break
        }
        let (body, response): (Data, URLResponse)
        do {
            (body, response) = try await session.data(for: outgoing)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw OAuthClientError.transportFailed(error, url: request.url)
        }
        guard let http = response as? HTTPURLResponse else {
            throw OAuthClientError.transportFailed(URLError(.badServerResponse), url: request.url)
        }
        var headers = HTTPHeaderFields()
        for case let (name as String, value as String) in http.allHeaderFields { headers.append(name, value) }
        return HTTPResponseMessage(status: http.statusCode, headers: headers, body: body)
    }

    /// Hands every redirect answer back to ``RedirectPolicy``.
    private final class NoRedirects: NSObject, URLSessionTaskDelegate, Sendable {
        func urlSession(
            _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
            newRequest request: URLRequest
        ) async -> URLRequest? {
            nil
        }
    }
}
#endif
