import Foundation
import PlatformStore

/// An application that proved its credentials, and with which secret: what the tokens of the request inherit.
///
/// During a renewal's grace period (issue 12, "Renew the secret") the previous secret still authenticates; its
/// tokens carry the generation the renewal replaced and expire no later than the grace, so that none outlives it
/// (ARCHITECTURE.md, "Revocation by generation, not by clock").
struct AuthenticatedClient: Sendable {
    var application: ClientApplication
    /// The end of the grace period when the client presented the secret that a renewal replaced; nil for the
    /// current secret.
    var previousSecretValidUntil: Date?

    /// The credential generation of the tokens issued to this client: the application's, or the one before it
    /// for the previous secret.
    var credentialGeneration: Int {
        application.credentialGeneration - (previousSecretValidUntil == nil ? 0 : 1)
    }

    /// `lifetime` seconds from `now`, shortened for the previous secret so as to end no later than its grace
    /// period; never negative. What `expires_in` says and the token's record keeps.
    func lifetime(_ lifetime: Int, from now: Date) -> Int {
        guard let validUntil = previousSecretValidUntil else { return lifetime }
        return max(0, min(lifetime, Int(validUntil.timeIntervalSince(now).rounded(.down))))
    }
}
