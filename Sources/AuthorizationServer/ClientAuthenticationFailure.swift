import OAuthCore
import PlatformServices
import PlatformStore

/// Why a ``ClientAuthenticator`` refused a client, before it is worded as one seed or the other.
struct ClientAuthenticationFailure: Error {
    enum Kind {
        /// The header and the body's `client_secret`, or two `Authorization` headers (seed 002).
        case duplicateCredentials
        case noCredentials
        /// An `Authorization` header that is no Basic credentials, or half of the credentials in the body.
        case malformed
        /// A body `client_id` other than Basic's (RFC 6749 §3.2.1).
        case conflictingClientID
        case unknownClient
        case wrongSecret
        /// The secret that a renewal replaced.
        case outdatedSecret
        case suspended
        case tooManyRequests(RateLimitDecision)
        /// The limiter could not count the request (its shared store is unreachable): no token is issued unless
        /// seed 002's limit can be held.
        case limiterUnavailable(String)
    }

    var kind: Kind
    /// The client_id once known to belong to an application, for the log line.
    var clientID: String?

    init(_ kind: Kind, clientID: String? = nil) {
        self.kind = kind
        self.clientID = clientID
    }

    /// What the log line says: never a secret.
    var reason: String {
        switch kind {
        case .duplicateCredentials: "duplicate credentials"
        case .noCredentials: "no credentials"
        case .malformed: "malformed credentials"
        case .conflictingClientID: "client_id other than Basic's"
        case .unknownClient: "unknown client"
        case .wrongSecret: "wrong secret"
        case .outdatedSecret: "renewed secret"
        case .suspended: "application suspended"
        case .tooManyRequests: "token rate limit"
        case .limiterUnavailable(let error): "the token rate limit could not be counted: \(error)"
        }
    }

    /// The answer in the words of the endpoint's seed (seed 002's table; seed 003's token endpoint table).
    func refusal(in wording: ClientAuthenticator.Wording) -> Refusal {
        switch (kind, wording) {
        case (.duplicateCredentials, _): .duplicateCredentials
        case (.noCredentials, _): .noCredentials
        case (.outdatedSecret, _): .outdatedCredentials
        case (.tooManyRequests(let decision), _): .tooManyRequests(decision)
        case (.limiterUnavailable, _): .serviceUnavailable
        case (.unknownClient, .seed003): .unauthorized(.clientNotFound)
        case (.wrongSecret, .seed003): .unauthorized(.invalidClientPassword)
        case (.malformed, _), (.conflictingClientID, _), (.unknownClient, .seed002), (.wrongSecret, .seed002), (.suspended, _):
            .invalidCredentials
        }
    }
}
