import Foundation

/// Sends one HTTP request and reads the whole answer: the one thing this library needs from a network stack.
///
/// ``AsyncHTTPClientTransport`` is the implementation for Linux and servers, ``URLSessionTransport`` the one
/// for Apple platforms; a test can pass a fake. Both refuse TLS below 1.2 and `http://` except to loopback
/// (seed 000), never carry `Authorization` across a redirect to another origin, and bound every exchange, the
/// answer's body included, by a timeout.
///
/// ```swift
/// let response = try await AsyncHTTPClientTransport.shared.send(
///     HTTPRequestMessage(url: URL(string: "https://api.orange.com/healthz")!))
/// ```
public protocol HTTPTransport: Sendable {
    /// Sends `request`, following redirects as ``RedirectPolicy`` says, and returns the final answer whatever
    /// its status. Throws ``OAuthClientError/insecureURL`` or ``OAuthClientError/transportFailed``.
    func send(_ request: HTTPRequestMessage) async throws -> HTTPResponseMessage
}

/// The TLS versions a transport may negotiate: none below 1.2 exists here (seed 000: "Orange APIs only support
/// HTTPS with TLS 1.2, as earlier versions (TLS 1.0 and 1.1) have been deprecated").
public enum TLSProtocolVersion: Sendable, CustomStringConvertible {
    case v1_2
    case v1_3

    public var description: String { self == .v1_2 ? "TLS 1.2" : "TLS 1.3" }
}

/// What both transports enforce, in one place: which URLs may be reached, and how a redirect is followed.
enum RedirectPolicy {
    /// Refuses `http://` except to loopback, and anything but http(s).
    static func check(_ url: URL) throws(OAuthClientError) {
        switch url.scheme?.lowercased() {
        case "https" where url.host != nil: return
        case "http" where isLoopback(url.host): return
        default: throw .insecureURL(url)
        }
    }

    /// `localhost`, 127.0.0.0/8 or ::1: traffic that never leaves the machine.
    static func isLoopback(_ host: String?) -> Bool {
        guard let host = host?.lowercased() else { return false }
        return host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]"
    }

    /// The request to send after a redirect answer, or nil to hand the answer to the caller: not a redirect, a
    /// request that follows none (``HTTPRequestMessage/followsRedirects``), no `Location`, or a body that cannot be
    /// sent again. `Authorization`, `Cookie` and `Proxy-Authorization` are dropped when the redirect leaves the
    /// origin (RFC 9110 §15.4: a client "SHOULD" consider removing them; here it always does), and a 303 (or a
    /// 301/302 after a POST) becomes a GET without body (§15.4.2-4).
    static func redirect(of request: HTTPRequestMessage, by response: HTTPResponseMessage) throws(OAuthClientError) -> HTTPRequestMessage? {
        guard request.followsRedirects, [301, 302, 303, 307, 308].contains(response.status),
            let location = response.headers["Location"],
            let target = URL(string: location, relativeTo: request.url)?.absoluteURL
        else { return nil }
        try check(target)
        var next = request
        next.url = target
        if response.status == 303 || (request.method == "POST" && [301, 302].contains(response.status)) {
            next.method = "GET"
            next.body = nil
            next.headers["Content-Type"] = nil
        } else if !request.isReplayable {
            return nil
        }
        if origin(of: target) != origin(of: request.url) {
            for name in ["Authorization", "Cookie", "Proxy-Authorization"] { next.headers[name] = nil }
        }
        return next
    }

    /// Sends `request` with `hop`, which must not follow redirects itself, following at most `limit` of them.
    static func send(
        _ request: HTTPRequestMessage, limit: Int, hop: (HTTPRequestMessage) async throws -> HTTPResponseMessage
    ) async throws -> HTTPResponseMessage {
        try check(request.url)
        var current = request
        var response = try await hop(current)
        var followed = 0
        while followed < limit, let next = try redirect(of: current, by: response) {
            current = next
            followed += 1
            response = try await hop(current)
        }
        return response
    }

    private static func origin(of url: URL) -> String {
        let scheme = url.scheme?.lowercased() ?? ""
        let port = url.port ?? (scheme == "https" ? 443 : 80)
        return "\(scheme)://\(url.host?.lowercased() ?? ""):\(port)"
    }
}
