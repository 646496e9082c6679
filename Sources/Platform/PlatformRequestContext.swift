import APIGateway
import Hummingbird
import NIOCore

/// The request context of every route: Hummingbird's core storage, the client's address, which the gateway
/// forwards in `X-Forwarded-For`, and the request's `X-OAPI-Request-Id`.
package struct PlatformRequestContext: GatewayRequestContext {
    package var coreContext: CoreRequestContextStorage
    package let remoteAddress: SocketAddress?
    package var requestID = ""

    package init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
