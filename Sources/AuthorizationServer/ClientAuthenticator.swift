import Logging
import OAuthCore
import PlatformServices
import PlatformStore

/// Client authentication for every endpoint that takes client credentials: `/oauth/v3/token`, the OpenID
/// Connect token endpoint and revocation. One piece reads the credentials, finds the application, checks the
/// secret in constant time and the application's status; each endpoint keeps its seed's words for the refusals.
///
/// The credentials come by `Authorization: Basic` or by `client_id` and `client_secret` in the body (RFC 6749
/// §2.3.1), never both: seed 002 forbids the header "when providing the client_id/client_secret in the body".
/// A `client_id` alone beside Basic only names the client (RFC 6749 §3.2.1, which many libraries always send):
/// it is accepted when it is Basic's own, and refused as `invalid_client` otherwise.
struct ClientAuthenticator: Sendable {
    /// Which seed's table words the refusals.
    enum Wording: Sendable {
        /// Seed 002: an unknown client and a wrong secret get the same "…the ones provided were invalid."
        case seed002
        /// Seed 003: "Client not found" and "Invalid client password" (the endpoint drops final periods).
        case seed003
    }

    /// Seed 002's limit on token requests per application and minute, counted once the application is known and
    /// before anything expensive such as the secret.
    struct Throttle: Sendable {
        var limiter: any RateLimiter
        var requestsPerMinute: Int
    }

    private let directory: PlatformDirectory
    private let vault: CredentialVault
    private let wording: Wording
    private let throttle: Throttle?
    private let clock: WallClock
    private let logger: Logger

    init(
        directory: PlatformDirectory, vault: CredentialVault, wording: Wording, throttle: Throttle? = nil, clock: WallClock,
        logger: Logger
    ) {
        self.directory = directory
        self.vault = vault
        self.wording = wording
        self.throttle = throttle
        self.clock = clock
        self.logger = logger
    }

    /// The active application whose credentials the request carries, or the refusal to answer (logged, without
    /// any secret). The previous secret is let in during a renewal's grace period, and the log says so (issue 12).
    func authenticate(_ request: TokenRequest) async throws(Refusal) -> AuthenticatedClient {
        do {
            return try await client(presenting: request)
        } catch {
            throw error.refusal(in: wording).logged(by: logger, "Client authentication refused", clientID: error.clientID, reason: error.reason)
        }
    }

    private func client(presenting request: TokenRequest) async throws(ClientAuthenticationFailure) -> AuthenticatedClient {
        let credentials = try Self.credentials(authorization: request.authorization, parameters: request.parameters)
        let clientID = credentials.clientID
        guard let application = directory.application(clientID: clientID) else { throw .init(.unknownClient) }
        if let throttle, throttle.requestsPerMinute > 0 {
            let decision: RateLimitDecision
            do {
                decision = try await throttle.limiter.consume(key: "token:" + clientID, limit: throttle.requestsPerMinute, period: .minute)
            } catch {
                throw .init(.limiterUnavailable(String(describing: error)), clientID: clientID)
            }
            guard decision.allowed else { throw .init(.tooManyRequests(decision), clientID: clientID) }
        }
        var client = AuthenticatedClient(application: application)
        switch vault.verify(credentials.clientSecret, against: application.credential, at: clock.now()) {
        case .valid: break
        case .previous(let validUntil): client.previousSecretValidUntil = validUntil
        case .outdated: throw .init(.outdatedSecret, clientID: clientID)
        case .invalid: throw .init(.wrongSecret, clientID: clientID)
        }
        guard application.status == .active else { throw .init(.suspended, clientID: clientID) }
        if let validUntil = client.previousSecretValidUntil {
            logger.info(
                "Client authenticated with its previous secret, during the renewal's grace period",
                metadata: ["client_id": "\(clientID)", "valid_until": "\(validUntil)"])
        }
        return client
    }

    /// The credentials presented by the `Authorization` header values and the body's parameters.
    static func credentials(authorization: [String], parameters: [String: String]) throws(ClientAuthenticationFailure) -> ClientCredentials {
        let bodyID = parameters["client_id"], bodySecret = parameters["client_secret"]
        switch authorization.count {
        case 0:
            guard let bodyID, let bodySecret else {
                throw .init(bodyID == nil && bodySecret == nil ? .noCredentials : .malformed)
            }
            return ClientCredentials(clientID: bodyID, clientSecret: bodySecret)
        case 1:
            guard bodySecret == nil else { throw .init(.duplicateCredentials) }
            let basic: ClientCredentials
            do {
                basic = try ClientCredentials(authorizationHeader: authorization[0])
            } catch {
                throw .init(.malformed)
            }
            guard bodyID == nil || bodyID == basic.clientID else { throw .init(.conflictingClientID, clientID: basic.clientID) }
            return basic
        default:
            throw .init(.duplicateCredentials)
        }
    }
}
