import APIGateway
import AuthorizationServer
import PlatformPages
import Hummingbird
import NIOCore

/// The request context of every route: Hummingbird's core storage, who sent the request (the peer, or behind a
/// trusted proxy the client it names, set by ``ClientAddressMiddleware``), and the request's `X-OAPI-Request-Id`.
package struct PlatformRequestContext: GatewayRequestContext, ClientAddressRequestContext {
    package var coreContext: CoreRequestContextStorage
    package let remoteAddress: SocketAddress?
    package var clientAddress: String?
    package var forwardingChain: [String]
    package var requestID = ""

    package init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        remoteAddress = source.channel.remoteAddress
        clientAddress = remoteAddress?.ipAddress
        forwardingChain = clientAddress.map { [$0] } ?? []
    }
}
