import Foundation
import OAuthCore

/// Signs a user in on a device without a browser (RFC 8628, the device authorization grant): the device gets a user
/// code and a URL to show, the user opens the URL on a phone or a computer, types the code, signs in and consents,
/// while the device polls the token endpoint every `interval` seconds (5 more after each `slow_down`, §3.5).
///
/// - `access_denied` (the user refused) is ``OAuthClientError/accessDenied``; `expired_token`, or the codes'
///   lifetime passing, is ``OAuthClientError/deviceCodeExpired``;
/// - the ID token is verified fully by an ``IDTokenVerifier`` (without a nonce: a device sends none);
/// - the tokens belong in the same ``TokenStore`` entry as those of the ``AuthorizationCodeFlow`` (``storeKey``),
///   so that ``AuthorizationCodeFlow/refreshingTokenSource(store:)`` and sign-out work on them alike.
///
/// ```swift
/// let flow = DeviceAuthorizationFlow(metadata: metadata, credentials: credentials)
/// let authorization = try await flow.start(scope: ["openid", "offline_access"])
/// print("Open \(authorization.verificationURI) and enter \(authorization.userCode)")
/// let signIn = try await flow.waitForApproval(authorization)
/// try await store.save(signIn.tokens, for: flow.storeKey)
/// ```
public struct DeviceAuthorizationFlow: Sendable {
    /// What to show the user, and what the device polls with.
    public struct Authorization: Sendable {
        /// The code to type, as the provider formats it (`BDWP-HQPK`).
        public var userCode: String
        public var verificationURI: String
        /// The URL with the code in it, for a link or a QR code (§3.3.1).
        public var verificationURIComplete: String?
        /// When the codes expire.
        public var expiresAt: Date
        public var scope: Scopes
        var deviceCode: Secret
        var interval: Int
    }

    public let metadata: ProviderMetadata
    public let credentials: ClientCredentials
    /// Whether each poll proves one new DPoP key, so that the access token comes back bound to it (RFC 9449 §5).
    public let usesDPoP: Bool
    let transport: any HTTPTransport
    private let verifier: IDTokenVerifier
    private let now: @Sendable () -> Date
    private let sleep: @Sendable (Duration) async throws -> Void

    /// `sleep` waits between polls (tests pass one that does not).
    public init(
        metadata: ProviderMetadata, credentials: ClientCredentials, usesDPoP: Bool = false,
        transport: any HTTPTransport = AsyncHTTPClientTransport.shared, leeway: Duration = .seconds(60), now: @escaping @Sendable () -> Date = Date.init,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.metadata = metadata
        self.credentials = credentials
        self.usesDPoP = usesDPoP
        self.transport = transport
        self.now = now
        self.sleep = sleep
        verifier = IDTokenVerifier(metadata: metadata, clientID: credentials.clientID, transport: transport, leeway: leeway, now: now)
    }

    /// Where the user's tokens go in a ``TokenStore``: the same entry as the authorization code flow's.
    public var storeKey: String { AuthorizationCodeFlow.storeKey(issuer: metadata.issuer, clientID: credentials.clientID) }

    /// Asks the provider's `device_authorization_endpoint` for the codes (§3.1–3.2).
    public func start(scope: Scopes) async throws -> Authorization {
        guard let endpoint = metadata.deviceAuthorizationEndpoint.flatMap(URL.init(string:)) else {
            throw OAuthClientError.invalidConfiguration("the provider has no device authorization endpoint (RFC 8628)")
        }
        let sentAt = now()
        let response = try await transport.send(
            .clientForm(to: endpoint, credentials: credentials, fields: [.init("scope", scope.description)]))
        guard response.status == 200 else { throw OAuthClientError(response: response, fromTokenEndpoint: true, now: now()) }
        guard let answer = try? JSONDecoder().decode(DeviceAuthorizationResponse.self, from: response.body), answer.expiresIn > 0 else {
            throw OAuthClientError.invalidResponse("the device authorization endpoint did not answer RFC 8628 codes", from: response)
        }
        return Authorization(
            userCode: answer.userCode, verificationURI: answer.verificationURI, verificationURIComplete: answer.verificationURIComplete,
            expiresAt: sentAt.addingTimeInterval(TimeInterval(answer.expiresIn)), scope: scope, deviceCode: Secret(answer.deviceCode),
            interval: max(answer.interval ?? 5, 1))
    }

    /// Polls the token endpoint until the user decides or the codes expire (§3.4–3.5), then verifies the ID token.
    public func waitForApproval(_ authorization: Authorization) async throws -> AuthorizationCodeFlow.SignIn {
        var interval = authorization.interval
        let key = usesDPoP ? DPoPKey() : nil
        while true {
            try await sleep(.seconds(interval))
            guard now() < authorization.expiresAt else {
                throw OAuthClientError.deviceCodeExpired("the user did not approve the device before the code expired")
            }
            let sentAt = now()
            let response = try await transport.send(
                AuthorizationCodeFlow.tokenRequest(
                    metadata: metadata, credentials: credentials,
                    fields: [.init("grant_type", DeviceAuthorizationResponse.grantType), .init("device_code", authorization.deviceCode.revealed)]),
                provenBy: key, now: now)
            switch response.status == 200 ? nil : response.errorBody?.oauthError {
            case let error? where error.error == .authorizationPending:
                continue
            case let error? where error.error == .slowDown:
                interval += 5
            case let error? where error.error == .expiredToken:
                throw OAuthClientError.deviceCodeExpired("the device code expired before the user approved it", from: response)
            case let error? where error.error == .accessDenied:
                throw OAuthClientError.authorization(error)
            default:
                return try await signIn(from: response, sentAt: sentAt, scope: authorization.scope, dpopKey: key)
            }
        }
    }

    /// The token endpoint's success, or its error as the authorization code flow reports it.
    private func signIn(from response: HTTPResponseMessage, sentAt: Date, scope: Scopes, dpopKey: DPoPKey?) async throws
        -> AuthorizationCodeFlow.SignIn
    {
        var tokens = try AuthorizationCodeFlow.tokens(from: response, sentAt: sentAt, now: now(), dpopKey: dpopKey)
        let granted = tokens.scope.map(Scopes.init(parsing:)) ?? scope
        var idToken: IDToken?
        if granted.tokens.contains("openid") {
            guard let raw = tokens.idToken?.revealed else { throw OAuthClientError.invalidIDToken("openid was granted but no id_token came") }
            idToken = try await verifier.verify(raw, nonce: nil, accessToken: tokens.value.revealed)
        }
        tokens.scope = granted.description
        return AuthorizationCodeFlow.SignIn(tokens: tokens, idToken: idToken, requestedScope: scope, grantedScope: granted)
    }
}
