import Crypto
import Foundation
import OAuthCore

/// Signs a user in with the authorization code flow and PKCE (seed 003, "Authorization by code"; RFC 6749
/// §4.1, RFC 7636, RFC 9700, OpenID Connect Core §3.1), getting right by default what client libraries often
/// leave to the caller:
///
/// - every request has a fresh random `state` (checked at the callback in constant time, once, within
///   ``maximumStateAge``; seed 000 and RFC 6749 §10.12), a `nonce` and a PKCE S256 verifier;
/// - the callback's `iss` must be the provider's when it advertises RFC 9207; every error of seed 003's list
///   becomes a typed ``OAuthClientError`` (``OAuthClientError/accessDenied``, ``OAuthClientError/loginRequired``…);
/// - when the provider advertises a `pushed_authorization_request_endpoint`, the parameters are pushed there with the
///   client's credentials, and the URL carries only `client_id` and the `request_uri` (RFC 9126 §4): nothing of the
///   request shows in the browser, and the provider checked it before the user sees a page;
/// - the code is exchanged at once and never kept; the ID token is verified fully by an ``IDTokenVerifier``; with
///   `usesDPoP`, the exchange proves a new ``DPoPKey`` and the access token comes back bound to it (RFC 9449 §5);
/// - a granted scope narrower than asked is reported (seed 003: "the scope is set in case the required scope is
///   not entirely authorized").
///
/// ```swift
/// let flow = try await AuthorizationCodeFlow.discover(
///     issuer: URL(string: "https://login.example.com/openidconnect/fr/v1")!, credentials: credentials,
///     redirectURI: "https://app.example.com/callback")
/// let url = await flow.authorizationURL(.init(scope: ["openid", "profile", "offline_access"]))
/// // … the browser comes back to the redirect URI …
/// let signIn = try await flow.handleCallback(callbackURL)
/// let tokens = flow.refreshingTokenSource(store: store)   // fresh access tokens from now on
/// ```
public actor AuthorizationCodeFlow {
    /// What the authorization request asks for, beyond what the flow adds itself (seed 003's optional parameters).
    public struct Options: Sendable {
        public var scope: Scopes
        /// `none`, `login`, `consent`, space-separated.
        public var prompt: String?
        /// `page`, `popup`, `touch` or `wap`.
        public var display: String?
        public var uiLocales: String?
        public var loginHint: String?
        public var acrValues: String?
        /// Seconds since the last sign-in beyond which the user must sign in again; checked in the ID token.
        public var maxAge: Int?

        public init(
            scope: Scopes = ["openid"], prompt: String? = nil, display: String? = nil, uiLocales: String? = nil,
            loginHint: String? = nil, acrValues: String? = nil, maxAge: Int? = nil
        ) {
            self.scope = scope
            self.prompt = prompt
            self.display = display
            self.uiLocales = uiLocales
            self.loginHint = loginHint
            self.acrValues = acrValues
            self.maxAge = maxAge
        }
    }

    /// A finished sign-in.
    public struct SignIn: Sendable {
        /// The access token, with the refresh token and the ID token it came with.
        public var tokens: AccessToken
        /// The verified ID token, when `openid` was granted.
        public var idToken: IDToken?
        public var requestedScope: Scopes
        public var grantedScope: Scopes
        /// The user granted less than asked.
        public var isNarrowed: Bool { !grantedScope.contains(requestedScope) }
    }

    private struct Pending {
        var state: String
        var nonce: String
        var codeVerifier: String
        var options: Options
        var createdAt: Date
    }

    public nonisolated let metadata: ProviderMetadata
    public nonisolated let credentials: ClientCredentials
    public nonisolated let redirectURI: String
    /// Whether the code is exchanged for an access token bound to a new DPoP key (RFC 9449).
    public nonisolated let usesDPoP: Bool
    nonisolated let transport: any HTTPTransport
    private let verifier: IDTokenVerifier
    private let maximumStateAge: TimeInterval
    private let now: @Sendable () -> Date
    private var pending: [Pending] = []

    public init(
        metadata: ProviderMetadata, credentials: ClientCredentials, redirectURI: String, usesDPoP: Bool = false,
        transport: any HTTPTransport = AsyncHTTPClientTransport.shared, leeway: Duration = .seconds(60),
        maximumStateAge: Duration = .seconds(600), now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.metadata = metadata
        self.credentials = credentials
        self.redirectURI = redirectURI
        self.usesDPoP = usesDPoP
        self.transport = transport
        self.maximumStateAge = TimeInterval(maximumStateAge.components.seconds)
        self.now = now
        verifier = IDTokenVerifier(metadata: metadata, clientID: credentials.clientID, transport: transport, leeway: leeway, now: now)
    }

    /// Reads the provider's metadata at `ISSUER/.well-known/openid-configuration` (OpenID Connect Discovery §4),
    /// whose `issuer` must be exactly `issuer` (§4.3).
    public static func discover(
        issuer: URL, credentials: ClientCredentials, redirectURI: String, usesDPoP: Bool = false,
        transport: any HTTPTransport = AsyncHTTPClientTransport.shared
    ) async throws -> AuthorizationCodeFlow {
        AuthorizationCodeFlow(
            metadata: try await discoverMetadata(issuer: issuer, transport: transport), credentials: credentials,
            redirectURI: redirectURI, usesDPoP: usesDPoP, transport: transport)
    }

    public static func discoverMetadata(issuer: URL, transport: any HTTPTransport = AsyncHTTPClientTransport.shared) async throws -> ProviderMetadata {
        let issuerText = issuer.absoluteString.hasSuffix("/") ? String(issuer.absoluteString.dropLast()) : issuer.absoluteString
        guard let url = URL(string: issuerText + "/.well-known/openid-configuration") else {
            throw OAuthClientError.invalidConfiguration("\(issuerText) is not an issuer URL")
        }
        let response = try await transport.send(HTTPRequestMessage(url: url, headers: ["Accept": "application/json"]))
        guard response.isSuccess, let metadata = try? JSONDecoder().decode(ProviderMetadata.self, from: response.body) else {
            throw OAuthClientError.invalidResponse("no OpenID provider metadata at \(url.redactingQuery)", from: response)
        }
        guard metadata.issuer == issuerText else {
            throw OAuthClientError.invalidConfiguration("the provider says its issuer is \(metadata.issuer), not \(issuerText)")
        }
        return metadata
    }

    /// The URL to open in the user's browser. Each call makes a new `state`, `nonce` and PKCE verifier, which
    /// stay in this flow until the callback (or ``maximumStateAge``).
    ///
    /// When the provider advertises pushed authorization requests (RFC 9126), the parameters are pushed first: a
    /// refusal of them throws here what the callback would have said (``OAuthClientError/authorizationRefused`` with
    /// the ``OAuthClientError/oauthError``), a refused client ``OAuthClientError/tokenRequestRefused``.
    public func authorizationURL(_ options: Options = Options()) async throws -> URL {
        let created = now()
        pending.removeAll { created.timeIntervalSince($0.createdAt) > maximumStateAge }
        let request = Pending(
            state: RandomToken.make(), nonce: RandomToken.make(), codeVerifier: PKCE.makeVerifier(), options: options,
            createdAt: created)
        pending.append(request)
        var fields: [FormEncoding.Field] = [
            .init("response_type", "code"), .init("client_id", credentials.clientID), .init("scope", options.scope.description),
            .init("redirect_uri", redirectURI), .init("state", request.state), .init("nonce", request.nonce),
            .init("code_challenge", PKCE.s256Challenge(for: request.codeVerifier)), .init("code_challenge_method", "S256"),
        ]
        let optional: [(String, String?)] = [
            ("prompt", options.prompt), ("display", options.display), ("ui_locales", options.uiLocales),
            ("login_hint", options.loginHint), ("acr_values", options.acrValues), ("max_age", options.maxAge.map(String.init)),
        ]
        for (name, value) in optional { if let value { fields.append(.init(name, value)) } }
        if let endpoint = metadata.pushedAuthorizationRequestEndpoint {
            do {
                fields = [.init("client_id", credentials.clientID), .init("request_uri", try await push(fields, to: endpoint))]
            } catch {
                pending.removeAll { $0.state == request.state }
                throw error
            }
        }
        let separator = metadata.authorizationEndpoint.contains("?") ? "&" : "?"
        guard let url = URL(string: metadata.authorizationEndpoint + separator + FormEncoding.encodeQuery(fields)) else {
            throw OAuthClientError.invalidConfiguration("the authorization endpoint is not a URL")
        }
        return url
    }

    /// Pushes an authorization request (RFC 9126 §2.1) with the client's credentials, as to the token endpoint;
    /// returns its `request_uri` (§2.2).
    private func push(_ fields: [FormEncoding.Field], to endpoint: String) async throws -> String {
        guard let url = URL(string: endpoint) else {
            throw OAuthClientError.invalidConfiguration("the pushed authorization request endpoint is not a URL")
        }
        let response = try await transport.send(.clientForm(to: url, credentials: credentials, fields: fields))
        guard response.isSuccess else {
            // §2.3: a 400 carries the error the authorization endpoint would have redirected.
            if response.status == 400, let error = response.errorBody?.oauthError { throw OAuthClientError.authorization(error) }
            throw OAuthClientError(response: response, fromTokenEndpoint: true, now: now())
        }
        guard let answer = try? JSONDecoder().decode(PushedAuthorizationResponse.self, from: response.body), !answer.requestURI.isEmpty else {
            throw OAuthClientError.invalidResponse("the pushed authorization request endpoint answered no request_uri (RFC 9126 §2.2)", from: response)
        }
        return answer.requestURI
    }

    /// Handles the URL the browser came back to: checks `state` and `iss`, turns an error into a typed
    /// ``OAuthClientError``, exchanges the code and verifies the ID token.
    public func handleCallback(_ url: URL) async throws -> SignIn {
        let query = URLComponents(url: url, resolvingAgainstBaseURL: false)?.percentEncodedQuery ?? ""
        let fields = (try? FormEncoding.decode(query)) ?? []
        func value(_ name: String) -> String? { fields.first { $0.name == name }?.value }
        guard let request = takePending(state: value("state")) else {
            throw OAuthClientError.invalidCallback("the callback's state is unknown, used or too old: it answers no request of this flow")
        }
        if metadata.authorizationResponseIssParameterSupported == true || value("iss") != nil {
            guard value("iss") == metadata.issuer else {
                throw OAuthClientError.invalidCallback("the callback's iss is not the provider's issuer (RFC 9207)")
            }
        }
        if let error = value("error") {
            throw OAuthClientError.authorization(OAuthError(OAuthError.Code(rawValue: error), value("error_description")))
        }
        guard let code = value("code") else { throw OAuthClientError.invalidCallback("the callback has neither code nor error") }
        let sentAt = now()
        let key = usesDPoP ? DPoPKey() : nil
        let response = try await transport.send(
            tokenRequest([
                .init("grant_type", "authorization_code"), .init("code", code), .init("redirect_uri", redirectURI),
                .init("code_verifier", request.codeVerifier),
            ]), provenBy: key, now: now)
        var tokens = try Self.tokens(from: response, sentAt: sentAt, now: now(), dpopKey: key)
        let granted = tokens.scope.map(Scopes.init(parsing:)) ?? value("scope").map(Scopes.init(parsing:)) ?? request.options.scope
        var idToken: IDToken?
        if granted.tokens.contains("openid") {
            guard let raw = tokens.idToken?.revealed else { throw OAuthClientError.invalidIDToken("openid was granted but no id_token came") }
            idToken = try await verifier.verify(
                raw, nonce: request.nonce, accessToken: tokens.value.revealed, maxAge: request.options.maxAge)
        }
        tokens.scope = granted.description
        return SignIn(tokens: tokens, idToken: idToken, requestedScope: request.options.scope, grantedScope: granted)
    }

    /// UserInfo (OpenID Connect Core §5.3): the claims, whose `sub` must be `subject` (§5.3.2).
    public func userInfo(_ token: AccessToken, subject: String) async throws -> [String: JSONValue] {
        guard let endpoint = metadata.userinfoEndpoint.flatMap(URL.init(string:)) else {
            throw OAuthClientError.invalidConfiguration("the provider has no userinfo endpoint")
        }
        let response = try await transport.send(
            HTTPRequestMessage(url: endpoint, headers: ["Authorization": token.authorizationHeader, "Accept": "application/json"]),
            provenBy: token.dpopKey, accessToken: token.value.revealed, now: now)
        guard response.isSuccess else {
            if response.withdrawsConsent {
                throw OAuthClientError.signInRequired("the user withdrew the consent", from: response)
            }
            throw OAuthClientError(response: response, fromTokenEndpoint: false, now: now())
        }
        guard let claims = try? JSONDecoder().decode([String: JSONValue].self, from: response.body), case .string(let sub)? = claims["sub"]
        else {
            throw OAuthClientError.invalidResponse("userinfo did not answer claims with a sub", from: response)
        }
        if sub != subject {
            throw OAuthClientError.invalidResponse("userinfo's sub is not the ID token's: the answer is for another user", from: response)
        }
        return claims
    }

    /// Where the user's tokens go in a ``TokenStore``: the issuer, the client, and a mark that they are a user's.
    public nonisolated var storeKey: String { Self.storeKey(issuer: metadata.issuer, clientID: credentials.clientID) }

    public static func storeKey(issuer: String, clientID: String) -> String { [issuer, clientID, "user"].joined(separator: " ") }

    /// The single use of a state: found by comparing digests in constant time, then forgotten.
    private func takePending(state: String?) -> Pending? {
        guard let state else { return nil }
        let presented = SHA256.hash(data: Data(state.utf8))
        let current = now()
        var found: Int?
        for (index, request) in pending.enumerated() where SHA256.hash(data: Data(request.state.utf8)) == presented {
            found = index
        }
        guard let index = found else { return nil }
        let request = pending.remove(at: index)
        return current.timeIntervalSince(request.createdAt) <= maximumStateAge ? request : nil
    }

    private func tokenRequest(_ fields: [FormEncoding.Field]) throws -> HTTPRequestMessage {
        try Self.tokenRequest(metadata: metadata, credentials: credentials, fields: fields)
    }

    /// A request to the token endpoint with Basic authentication, as seed 003 shows (also sent to the revocation
    /// endpoint). It follows no redirect: its body holds a code and its verifier, or a refresh token.
    static func tokenRequest(metadata: ProviderMetadata, credentials: ClientCredentials, fields: [FormEncoding.Field]) throws -> HTTPRequestMessage {
        guard let url = URL(string: metadata.tokenEndpoint) else {
            throw OAuthClientError.invalidConfiguration("the token endpoint is not a URL")
        }
        return .clientForm(to: url, credentials: credentials, fields: fields)
    }

    /// A token endpoint's answer to a request that proved `dpopKey`, if any; `invalid_grant` means the user must sign
    /// in again.
    static func tokens(from response: HTTPResponseMessage, sentAt: Date, now: Date, dpopKey: DPoPKey? = nil) throws -> AccessToken {
        guard response.status == 200 else {
            if response.errorBody?.oauthError?.error == .invalidGrant {
                throw OAuthClientError.signInRequired("the grant is no longer valid (invalid_grant)", from: response)
            }
            throw OAuthClientError(response: response, fromTokenEndpoint: true, now: now)
        }
        guard let decoded = try? JSONDecoder().decode(TokenResponse.self, from: response.body) else {
            throw OAuthClientError.invalidResponse("the token endpoint's answer is not a token response (RFC 6749 §5.1)", from: response)
        }
        return try AccessToken(decoded, sentAt: sentAt, dpopKey: dpopKey, from: response)
    }
}

/// Random values for `state` and `nonce`: 32 bytes from the system generator, Base64url.
enum RandomToken {
    static func make() -> String {
        Data.random(count: 32).base64URLEncodedString()
    }
}
