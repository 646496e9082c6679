import HTTPTypes
import Hummingbird

/// Finds who sent each request — the peer, or behind a trusted proxy the client it names — before anything else
/// runs, for the throttles, the logs and the gateway's `X-Forwarded-For`.
struct ClientAddressMiddleware: RouterMiddleware {
    let proxies: TrustedProxies

    func handle(
        _ request: Request, context: PlatformRequestContext, next: (Request, PlatformRequestContext) async throws -> Response
    ) async throws -> Response {
        guard let peer = context.remoteAddress?.ipAddress.flatMap(IPAddress.init) else { return try await next(request, context) }
        let origin = proxies.origin(
            peer: peer, forwarded: request.headers[values: .forwarded], forwardedFor: request.headers[values: .xForwardedFor])
        var context = context
        context.clientAddress = origin.client
        context.forwardingChain = origin.chain
        return try await next(request, context)
    }
}

extension HTTPField.Name {
    static let forwarded = HTTPField.Name("Forwarded")!
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
