import APIGateway
import HTTPTypes
import Hummingbird
import NIOCore

/// Finds who sent each request — the peer, or behind a trusted proxy the client it names — before anything else
/// runs, for the throttles, the logs and the gateway's `X-Forwarded-For`.
struct ClientAddressMiddleware: RouterMiddleware {
    let proxies: TrustedProxies

    func handle(
        _ request: Request, context: PlatformRequestContext, next: (Request, PlatformRequestContext) async throws -> Response
    ) async throws -> Response {
        guard let origin = Self.origin(peer: context.remoteAddress, fields: request.headers, proxies: proxies) else {
            return try await next(request, context)
        }
        var context = context
        context.clientAddress = origin.client
        context.forwardingChain = origin.chain
        return try await next(request, context)
    }

    /// Who sent a call of the gateway's channel data path: as the router's context has it, the peer alone unless one of
    /// `proxies` names the client.
    static func origin(peer: SocketAddress?, fields: HTTPFields, proxies: TrustedProxies?) -> GatewayDataPath.Origin {
        guard let proxies, let origin = origin(peer: peer, fields: fields, proxies: proxies) else {
            let address = peer?.ipAddress
            return GatewayDataPath.Origin(client: address, chain: address.map { [$0] } ?? [])
        }
        return GatewayDataPath.Origin(client: origin.client, chain: origin.chain)
    }

    /// Who sent a request from `peer` with `fields`; nil when the peer has no IP address (a Unix socket).
    static func origin(peer: SocketAddress?, fields: HTTPFields, proxies: TrustedProxies) -> TrustedProxies.Origin? {
        guard let peer = peer?.ipAddress.flatMap(IPAddress.init) else { return nil }
        return proxies.origin(peer: peer, forwarded: fields[values: .forwarded], forwardedFor: fields[values: .xForwardedFor])
    }
}

extension HTTPField.Name {
    static let forwarded = HTTPField.Name("Forwarded")!
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
