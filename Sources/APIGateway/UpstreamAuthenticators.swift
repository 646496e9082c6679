import PlatformServices
import PlatformStore
import Synchronization

/// The prepared ``UpstreamAuthenticator`` of each API, made again when the API's backend authentication changes, so
/// that a secret is opened and a backend's token cached once, not per call.
final class UpstreamAuthenticators: Sendable {
    private let vault: CredentialVault
    private let connections: UpstreamConnections
    private let prepared = Mutex<[String: UpstreamAuthenticator]>([:])

    init(vault: CredentialVault, connections: UpstreamConnections) {
        self.vault = vault
        self.connections = connections
    }

    /// The authenticator of `api`'s current policy; throws when its sealed secret does not open (a master key that
    /// is not the one it was sealed with).
    func authenticator(for api: RegisteredAPI) throws -> UpstreamAuthenticator {
        let authentication = api.policy.upstreamAuthentication
        guard authentication != .none else { return .none }
        if let current = prepared.withLock({ $0[api.name] }), current.authentication == authentication { return current }
        let fresh = try UpstreamAuthenticator(authentication, apiName: api.name, vault: vault, connections: connections)
        prepared.withLock { $0[api.name] = fresh }
        return fresh
    }
}
