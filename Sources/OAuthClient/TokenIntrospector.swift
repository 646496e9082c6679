import Foundation
import OAuthCore

/// What a resource server calls to learn whether a bearer token it received is live: one call to the provider's
/// introspection endpoint (RFC 7662), with a short cache.
///
/// It authenticates as the application (RFC 7662 §2.1: the protected resource authenticates to the endpoint;
/// Orangerie lets only the applications an operator allowed, `orangerie app introspection --allow`), posts
/// `token` and the optional `token_type_hint`, and returns the typed ``Introspection`` (§2.2). An inactive token is
/// an answer, not an error: check ``Introspection/isActive``. Answers are reused for
/// ``Configuration/cacheLifetime`` (a few seconds by default), never past the token's `exp` (§4), so that a
/// revocation shows within that delay.
///
/// ```swift
/// let introspector = TokenIntrospector(
///     introspectionURL: URL(string: "https://api.example.com/oauth/v3/introspect")!,
///     credentials: ClientCredentials(clientID: "…", clientSecret: secret))
/// let answer = try await introspector.introspect(bearerToken)
/// guard answer.isActive, answer.scopes?.tokens.contains("read") == true else { /* 401 */ }
/// ```
public actor TokenIntrospector {
    /// Caching and client authentication.
    public struct Configuration: Sendable {
        /// How long an answer is reused: longer saves calls, shorter shows revocations sooner (RFC 7662 §4).
        /// Zero asks every time.
        public var cacheLifetime: Duration = .seconds(5)
        /// The most answers kept.
        public var cacheCapacity = 10_000
        /// How the Basic credentials are encoded (see ``ClientCredentials/BasicEncoding``).
        public var basicEncoding: ClientCredentials.BasicEncoding = .raw

        public init() {}
    }

    /// `token_type_hint` (RFC 7662 §2.1, with RFC 7009 §2.1's values): which kind the caller believes it holds.
    public enum TokenTypeHint: String, Sendable {
        case accessToken = "access_token"
        case refreshToken = "refresh_token"
    }

    public let introspectionURL: URL
    private let credentials: ClientCredentials
    private let basicEncoding: ClientCredentials.BasicEncoding
    private let transport: any HTTPTransport
    private let now: @Sendable () -> Date
    private var cache: IntrospectionCache

    public init(
        introspectionURL: URL, credentials: ClientCredentials, configuration: Configuration = Configuration(),
        transport: any HTTPTransport = AsyncHTTPClientTransport.shared, now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.introspectionURL = introspectionURL
        self.credentials = credentials
        basicEncoding = configuration.basicEncoding
        self.transport = transport
        self.now = now
        let lifetime = configuration.cacheLifetime.components
        cache = IntrospectionCache(
            lifetime: max(0, Double(lifetime.seconds) + Double(lifetime.attoseconds) / 1e18), capacity: configuration.cacheCapacity)
    }

    /// What the provider says of `token`, from the cache when it answered recently. Throws
    /// ``OAuthClientError/tokenRequestRefused`` when the endpoint refuses this application (401: wrong credentials;
    /// 403 `unauthorized_client`: not allowed to introspect), ``OAuthClientError/invalidResponse`` for an answer
    /// that is no introspection response, and the transport's errors.
    public func introspect(_ token: String, hint: TokenTypeHint? = nil) async throws -> Introspection {
        if let answer = cache.answer(for: token, at: now()) { return answer }
        var fields = [FormEncoding.Field("token", token)]
        if let hint { fields.append(FormEncoding.Field("token_type_hint", hint.rawValue)) }
        let response = try await transport.send(
            .clientForm(to: introspectionURL, credentials: credentials, basicEncoding: basicEncoding, fields: fields))
        guard response.status == 200 else {
            throw OAuthClientError(response: response, fromTokenEndpoint: true, now: now())
        }
        guard let answer = try? JSONDecoder().decode(Introspection.self, from: response.body) else {
            throw OAuthClientError.invalidResponse("the introspection endpoint's answer is no introspection response (RFC 7662 §2.2)", from: response)
        }
        cache.keep(answer, for: token, at: now())
        return answer
    }
}
