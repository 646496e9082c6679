import Hummingbird

/// The request context the throttled pages need (the provider's login, the portal's sign-up): who sent the request,
/// as the platform believes it (the peer, or behind a trusted proxy the client it names).
package protocol ClientAddressRequestContext: RequestContext {
    var clientAddress: String? { get }
}
