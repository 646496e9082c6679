import Foundation
import NIOHTTP1
import NIOSSL
import OAuthClient
import OAuthCore
import PlatformServices
import PlatformStore

/// How the gateway proves itself to one API's backend (issue 18, item 3), prepared once per policy: the sealed
/// secret opened, the client certificate's TLS configuration built, the backend's access token cached behind the
/// SDK's single-flight token source (RFC 6749 §4.4). Nothing it holds is ever logged or shown.
struct UpstreamAuthenticator: Sendable {
    /// What it was prepared from, to know when the policy changed.
    let authentication: UpstreamAuthentication
    private let credential: Credential

    private enum Credential: Sendable {
        case none
        case header(name: String, value: String)
        case tokens(CachingTokenSource)
        case certificate(TLSConfiguration)
    }

    /// For the APIs whose backend trusts whoever reaches it.
    static let none = UpstreamAuthenticator(authentication: .none, credential: .none)

    private init(authentication: UpstreamAuthentication, credential: Credential) {
        self.authentication = authentication
        self.credential = credential
    }

    init(_ authentication: UpstreamAuthentication, apiName: String, vault: CredentialVault, connections: UpstreamConnections) throws {
        self.authentication = authentication
        let context = UpstreamAuthentication.sealingContext(apiName: apiName)
        let open = { (sealed: Data) in String(decoding: try vault.open(sealed, boundTo: context), as: UTF8.self) }
        switch authentication {
        case .none:
            credential = .none
        case .header(let name, let sealed):
            credential = .header(name: name, value: try open(sealed))
        case .basic(let username, let sealed):
            credential = .header(name: "Authorization", value: "Basic " + Data("\(username):\(try open(sealed))".utf8).base64EncodedString())
        case .clientCredentials(let tokenURL, let clientID, let sealed, let scope):
            guard let url = URL(string: tokenURL) else { throw InvalidInput("the backend's token URL is not a URL") }
            let source = ClientCredentialsTokenSource(
                tokenURL: url, credentials: ClientCredentials(clientID: clientID, clientSecret: try open(sealed)),
                basicEncoding: .formEncoded, scopes: Scopes(parsing: scope ?? ""), transport: connections.tokenTransport)
            credential = .tokens(source.cached())
        case .mutualTLS(let chain, let sealedKey):
            var tls = connections.tlsConfiguration
            tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(Array(chain.utf8)).map { .certificate($0) }
            tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(try open(sealedKey).utf8), format: .pem))
            credential = .certificate(tls)
        }
    }

    /// Adds the credential to the fields of a request for the backend; returns the access token used, to forget it
    /// should the backend refuse it.
    func authenticate(_ headers: inout HTTPHeaders) async throws(UpstreamFailure) -> AccessToken? {
        guard case .tokens(let tokens) = credential else {
            _ = authenticateImmediately(&headers)
            return nil
        }
        let token: AccessToken
        do {
            token = try await tokens.token()
        } catch {
            throw .notAuthenticated(error)
        }
        headers.replaceOrAdd(name: "Authorization", value: token.authorizationHeader)
        return token
    }

    /// Adds a credential that needs no waiting; false when a backend token must be asked for (``authenticate(_:)``).
    func authenticateImmediately(_ headers: inout HTTPHeaders) -> Bool {
        switch credential {
        case .none, .certificate: return true
        case .header(let name, let value):
            headers.replaceOrAdd(name: name, value: value)
            return true
        case .tokens: return false
        }
    }

    /// The TLS settings of a client certificate, nil when the backend is reached with the gateway's own.
    var tlsConfiguration: TLSConfiguration? {
        guard case .certificate(let tls) = credential else { return nil }
        return tls
    }

    /// The backend refused `token` (401): the next call asks its authorization server for a new one.
    func forget(_ token: AccessToken) async {
        guard case .tokens(let tokens) = credential else { return }
        try? await tokens.invalidate(token)
    }
}
