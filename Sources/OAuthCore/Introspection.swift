import Foundation

/// An introspection endpoint's answer about one token (RFC 7662 §2.2): whether it is live, and if so what it
/// carries. Only ``isActive`` is required; an inactive token has nothing else (§2.2: the server "SHOULD NOT
/// include any additional information about an inactive token").
///
/// `exp` and `iat` are seconds since the epoch on the wire (RFC 7519 §2 NumericDate); `aud` may be a string or an
/// array (RFC 7519 §4.1.3), and decoding accepts both. Fields this type does not name are ignored.
public struct Introspection: Codable, Hashable, Sendable {
    /// `active`: whether the token was issued by this server, has not been revoked, has not expired and its
    /// consent still stands (§2.2).
    public var isActive: Bool
    /// `scope`, space-delimited (RFC 6749 §3.3).
    public var scope: String?
    /// `client_id`: the application the token was issued to.
    public var clientID: String?
    /// `sub`: the end user, for a token of the 3-legged flow; absent for client credentials.
    public var subject: String?
    /// `token_type` (RFC 6749 §7.1): `Bearer` for an access token, `DPoP` for one bound to a key (RFC 9449 §6.2).
    public var tokenType: String?
    /// `exp`.
    public var expiresAt: Date?
    /// `iat`.
    public var issuedAt: Date?
    /// `aud`: who the token is meant for.
    public var audience: [String]?
    /// `cnf.jkt` (RFC 9449 §6.2): the thumbprint of the key a DPoP-bound token is bound to; a resource server that
    /// introspects checks the DPoP proof against it.
    public var keyThumbprint: String?

    /// The answer for a token that is not live, whatever the reason (§2.2: `{"active": false}`).
    public static let inactive = Introspection(isActive: false)

    public init(
        isActive: Bool, scope: String? = nil, clientID: String? = nil, subject: String? = nil, tokenType: String? = nil,
        expiresAt: Date? = nil, issuedAt: Date? = nil, audience: [String]? = nil, keyThumbprint: String? = nil
    ) {
        self.isActive = isActive
        self.scope = scope
        self.clientID = clientID
        self.subject = subject
        self.tokenType = tokenType
        self.expiresAt = expiresAt
        self.issuedAt = issuedAt
        self.audience = audience
        self.keyThumbprint = keyThumbprint
    }

    /// The granted scope as a set, when the server said it.
    public var scopes: Scopes? { scope.map(Scopes.init(parsing:)) }

    enum CodingKeys: String, CodingKey {
        case isActive = "active"
        case scope
        case clientID = "client_id"
        case subject = "sub"
        case tokenType = "token_type"
        case expiresAt = "exp"
        case issuedAt = "iat"
        case audience = "aud"
        case confirmation = "cnf"
    }

    /// RFC 7800 §3.1's `cnf` member, with RFC 9449 §6.1's `jkt`.
    private struct Confirmation: Codable {
        var jkt: String?
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        isActive = try container.decode(Bool.self, forKey: .isActive)
        scope = try container.decodeIfPresent(String.self, forKey: .scope)
        clientID = try container.decodeIfPresent(String.self, forKey: .clientID)
        subject = try container.decodeIfPresent(String.self, forKey: .subject)
        tokenType = try container.decodeIfPresent(String.self, forKey: .tokenType)
        expiresAt = try container.decodeIfPresent(Double.self, forKey: .expiresAt).map(Date.init(timeIntervalSince1970:))
        issuedAt = try container.decodeIfPresent(Double.self, forKey: .issuedAt).map(Date.init(timeIntervalSince1970:))
        if let one = try? container.decodeIfPresent(String.self, forKey: .audience) {
            audience = [one]
        } else {
            audience = try container.decodeIfPresent([String].self, forKey: .audience)
        }
        keyThumbprint = (try? container.decodeIfPresent(Confirmation.self, forKey: .confirmation))?.jkt
    }

    /// Writes whole seconds for the dates and an array for `aud`; leaves out what is nil.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(isActive, forKey: .isActive)
        try container.encodeIfPresent(scope, forKey: .scope)
        try container.encodeIfPresent(clientID, forKey: .clientID)
        try container.encodeIfPresent(subject, forKey: .subject)
        try container.encodeIfPresent(tokenType, forKey: .tokenType)
        try container.encodeIfPresent(expiresAt.map { Int($0.timeIntervalSince1970.rounded(.down)) }, forKey: .expiresAt)
        try container.encodeIfPresent(issuedAt.map { Int($0.timeIntervalSince1970.rounded(.down)) }, forKey: .issuedAt)
        try container.encodeIfPresent(audience, forKey: .audience)
        try container.encodeIfPresent(keyThumbprint.map { Confirmation(jkt: $0) }, forKey: .confirmation)
    }
}
