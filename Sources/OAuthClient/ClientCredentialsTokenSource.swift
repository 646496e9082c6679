import Foundation
import Logging
import OAuthCore

/// The 2-legged flow: one token request per call to ``token()`` (RFC 6749 §4.4; seed 002, "Get an OAuth access
/// token").
///
/// It sends exactly what seed 002's curl example sends: `POST` with `Authorization: Basic …`,
/// `Content-Type: application/x-www-form-urlencoded`, `Accept: application/json` (without which Orange answers
/// 406) and the body `grant_type=client_credentials` (plus `scope` when asked). Never call it directly in a
/// loop: seed 002 says "Do not make more token requests than one per hour"; wrap it with ``cached(store:configuration:logger:)``.
///
/// With `usesDPoP`, each token request carries a proof of a new ``DPoPKey`` (RFC 9449 §5), and the token comes back
/// bound to it, with the key inside: a stolen copy of the token alone is refused by the gateway.
///
/// ```swift
/// let credentials = try ClientCredentials(portalHeader: "NktSSHljksdj7P...Jjndb6UdnlrT2lOaA==")
/// let tokens = ClientCredentialsTokenSource(
///     tokenURL: URL(string: "https://api.orange.com/oauth/v3/token")!, credentials: credentials
/// ).cached()
/// let token = try await tokens.token()
/// ```
public struct ClientCredentialsTokenSource: TokenSource {
    public let tokenURL: URL
    public let credentials: ClientCredentials
    /// Raw as Orange's portal builds the header, or form-encoded as RFC 6749 §2.3.1 says: chosen, never probed.
    public let basicEncoding: ClientCredentials.BasicEncoding
    public let scopes: Scopes
    /// Whether tokens are asked for bound to a DPoP key (RFC 9449).
    public let usesDPoP: Bool
    private let transport: any HTTPTransport
    private let now: @Sendable () -> Date

    public init(
        tokenURL: URL, credentials: ClientCredentials, basicEncoding: ClientCredentials.BasicEncoding = .raw,
        scopes: Scopes = [], usesDPoP: Bool = false, transport: any HTTPTransport = AsyncHTTPClientTransport.shared,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.tokenURL = tokenURL
        self.credentials = credentials
        self.basicEncoding = basicEncoding
        self.scopes = scopes
        self.usesDPoP = usesDPoP
        self.transport = transport
        self.now = now
    }

    /// What identifies this source's tokens in a ``TokenStore``: the endpoint, the client, the scopes, and DPoP.
    public var storeKey: String {
        ([tokenURL.absoluteString, credentials.clientID, scopes.description] + (usesDPoP ? ["dpop"] : [])).joined(separator: " ")
    }

    /// The token request of seed 002; it follows no redirect, since its body and header carry the credentials.
    var request: HTTPRequestMessage {
        var fields = [FormEncoding.Field("grant_type", "client_credentials")]
        if !scopes.isEmpty { fields.append(FormEncoding.Field("scope", scopes.description)) }
        return .clientForm(to: tokenURL, credentials: credentials, basicEncoding: basicEncoding, fields: fields)
    }

    /// Asks the token endpoint for a new token.
    public func token() async throws -> AccessToken {
        let sentAt = now()
        let key = usesDPoP ? DPoPKey() : nil
        let response = try await transport.send(request, provenBy: key, now: now)
        guard response.status == 200 else {
            throw OAuthClientError(response: response, fromTokenEndpoint: true, now: now())
        }
        guard let decoded = try? JSONDecoder().decode(TokenResponse.self, from: response.body) else {
            throw OAuthClientError.invalidResponse("the token endpoint's answer is not a token response (RFC 6749 §5.1)", from: response)
        }
        return try AccessToken(decoded, sentAt: sentAt, dpopKey: key, from: response)
    }

    /// Nothing to forget: every call asks anew.
    public func invalidate(_ token: AccessToken) async {}

    /// This source behind a cache and a single flight, keyed by ``storeKey``.
    public func cached(
        store: any TokenStore = InMemoryTokenStore(), configuration: CachingTokenSource.Configuration = .init(),
        logger: Logger = Logger(label: "OAuthClient", factory: { _ in SwiftLogNoOpLogHandler() })
    ) -> CachingTokenSource {
        CachingTokenSource(fetching: self, store: store, key: storeKey, configuration: configuration, logger: logger)
    }
}
