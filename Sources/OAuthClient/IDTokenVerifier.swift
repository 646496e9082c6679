import Crypto
import Foundation
import JWTKit
import OAuthCore

/// An ID token that passed verification (OpenID Connect Core §2).
public struct IDToken: Sendable, Hashable {
    /// The stable identifier of the user at the provider.
    public var subject: String
    public var issuer: String
    public var audience: [String]
    public var expiresAt: Date
    public var issuedAt: Date
    /// When the user last signed in, if the provider said.
    public var authTime: Date?
    public var nonce: String?
    public var acr: String?
    /// The token as received, for the provider's end-session or to hand to a backend.
    public var raw: Secret
}

/// Verifies ID tokens fully (OpenID Connect Core §3.1.3.7): the signature against the provider's JWKS (cached,
/// fetched again once when a token names an unknown `kid`, and again after a short backoff when that fetch
/// failed), an algorithm the provider advertises and never `none` or a MAC, then `iss`, `aud` and `azp`, `exp`
/// and `iat` with a leeway, `nonce`, `at_hash` and `auth_time` against `max_age`. AppAuth, for one, skips the
/// signature; this does not.
public actor IDTokenVerifier {
    private let metadata: ProviderMetadata
    private let clientID: String
    private let keys: ProviderKeys
    private let leeway: TimeInterval
    private let now: @Sendable () -> Date

    /// Asymmetric algorithms only: a MAC would be keyed with the client secret, and `none` is no signature.
    private static let acceptableAlgorithms: Set<String> = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"]

    public init(
        metadata: ProviderMetadata, clientID: String, transport: any HTTPTransport = AsyncHTTPClientTransport.shared,
        leeway: Duration = .seconds(60), now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.metadata = metadata
        self.clientID = clientID
        keys = ProviderKeys(jwksURI: metadata.jwksURI, transport: transport, now: now)
        self.leeway = TimeInterval(leeway.components.seconds)
        self.now = now
    }

    /// Verifies `raw`. `nonce` is the one sent in the authorization request; `accessToken` the one received with
    /// it (for `at_hash`); `maxAge` the `max_age` asked, if any.
    public func verify(_ raw: String, nonce: String?, accessToken: String?, maxAge: Int? = nil) async throws -> IDToken {
        let header = try Self.header(of: raw)
        let advertised = Set(metadata.idTokenSigningAlgValuesSupported ?? ["RS256"])
        guard let algorithm = header.alg, Self.acceptableAlgorithms.contains(algorithm), advertised.contains(algorithm) else {
            throw OAuthClientError.invalidIDToken("algorithm \(header.alg ?? "none") is not accepted")
        }
        let collection = try await keys.collection(including: header.kid)
        let claims: Claims
        do {
            claims = try await collection.verify(raw, as: Claims.self)
        } catch {
            throw OAuthClientError.invalidIDToken("the signature does not verify with the provider's keys")
        }
        let now = now()
        guard claims.iss.value == metadata.issuer else { throw OAuthClientError.invalidIDToken("iss is not the provider's issuer") }
        guard claims.aud.value.contains(clientID) else { throw OAuthClientError.invalidIDToken("aud does not name this client") }
        if claims.aud.value.count > 1 || claims.azp != nil {
            guard claims.azp == clientID else { throw OAuthClientError.invalidIDToken("azp is not this client") }
        }
        guard claims.exp.value.addingTimeInterval(leeway) > now else { throw OAuthClientError.invalidIDToken("expired") }
        guard claims.iat.value.addingTimeInterval(-leeway) <= now else { throw OAuthClientError.invalidIDToken("issued in the future") }
        guard claims.nonce == nonce else { throw OAuthClientError.invalidIDToken("nonce is not the one sent") }
        if let atHash = claims.atHash, let accessToken {
            guard SHA256.hash(data: Data(atHash.utf8)) == SHA256.hash(data: Data(AccessTokenHash.of(accessToken).utf8)) else {
                throw OAuthClientError.invalidIDToken("at_hash does not match the access token")
            }
        }
        let authTime = claims.authTime.map { Date(timeIntervalSince1970: TimeInterval($0)) }
        if let maxAge {
            guard let authTime, now.timeIntervalSince(authTime) <= TimeInterval(maxAge) + leeway else {
                throw OAuthClientError.invalidIDToken("auth_time is missing or older than max_age")
            }
        }
        return IDToken(
            subject: claims.sub.value, issuer: claims.iss.value, audience: claims.aud.value, expiresAt: claims.exp.value,
            issuedAt: claims.iat.value, authTime: authTime, nonce: claims.nonce, acr: claims.acr, raw: Secret(raw))
    }

    private struct Header: Decodable {
        var alg: String?
        var kid: String?
    }

    private static func header(of raw: String) throws -> Header {
        let parts = raw.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let data = Data(base64URLEncoded: parts[0]), let header = try? JSONDecoder().decode(Header.self, from: data) else {
            throw OAuthClientError.invalidIDToken("not a signed JWT")
        }
        return header
    }

    private struct Claims: JWTPayload {
        var iss: IssuerClaim
        var sub: SubjectClaim
        var aud: AudienceClaim
        var exp: ExpirationClaim
        var iat: IssuedAtClaim
        var authTime: Int?
        var nonce: String?
        var acr: String?
        var atHash: String?
        var azp: String?

        enum CodingKeys: String, CodingKey {
            case iss, sub, aud, exp, iat, nonce, acr, azp
            case authTime = "auth_time"
            case atHash = "at_hash"
        }

        /// The claims are checked by ``IDTokenVerifier/verify(_:nonce:accessToken:maxAge:)``, with its clock.
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }
}
