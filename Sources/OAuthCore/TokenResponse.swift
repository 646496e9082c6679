/// A successful answer of a token endpoint (RFC 6749 §5.1; seed 002, "Example of a successful response").
///
/// `expires_in` is a number in the seeds but a string in several Orange APIs, so decoding accepts both;
/// encoding always writes a number. Fields this type does not name are kept in ``additionalFields`` (RFC 6749
/// §5.1 lets a server add its own) and written back when encoding.
public struct TokenResponse: Codable, Hashable, Sendable {
    /// Always `Bearer` on Orange (RFC 6750).
    public var tokenType: String
    public var accessToken: String
    /// Lifetime of the access token in seconds, counted from the moment the response was generated.
    public var expiresIn: Int?
    public var refreshToken: String?
    public var idToken: String?
    public var scope: String?
    /// Every other field of the response, by name.
    public var additionalFields: [String: JSONValue]

    /// The granted scope as a set (RFC 6749 §3.3), when the server said it.
    public var scopes: Scopes? { scope.map(Scopes.init(parsing:)) }

    public init(
        tokenType: String = "Bearer",
        accessToken: String,
        expiresIn: Int?,
        refreshToken: String? = nil,
        idToken: String? = nil,
        scope: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.tokenType = tokenType
        self.accessToken = accessToken
        self.expiresIn = expiresIn
        self.refreshToken = refreshToken
        self.idToken = idToken
        self.scope = scope
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case tokenType = "token_type"
        case accessToken = "access_token"
        case expiresIn = "expires_in"
        case refreshToken = "refresh_token"
        case idToken = "id_token"
        case scope
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        tokenType = try container.decode(String.self, forKey: .tokenType)
        accessToken = try container.decode(String.self, forKey: .accessToken)
        if let seconds = try? container.decodeIfPresent(Int.self, forKey: .expiresIn) {
            expiresIn = seconds
        } else if let text = try container.decodeIfPresent(String.self, forKey: .expiresIn) {
            guard let seconds = Int(text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .expiresIn, in: container, debugDescription: "expires_in is not a whole number of seconds")
            }
            expiresIn = seconds
        } else {
            expiresIn = nil
        }
        refreshToken = try container.decodeIfPresent(String.self, forKey: .refreshToken)
        idToken = try container.decodeIfPresent(String.self, forKey: .idToken)
        scope = try container.decodeIfPresent(String.self, forKey: .scope)
        let known = Set(CodingKeys.allCases.map(\.stringValue))
        let all = try decoder.container(keyedBy: AnyCodingKey.self)
        var additionalFields: [String: JSONValue] = [:]
        for key in all.allKeys where !known.contains(key.stringValue) {
            additionalFields[key.stringValue] = try all.decode(JSONValue.self, forKey: key)
        }
        self.additionalFields = additionalFields
    }

    public func encode(to encoder: any Encoder) throws {
        var all = encoder.container(keyedBy: AnyCodingKey.self)
        for (name, value) in additionalFields {
            try all.encode(value, forKey: AnyCodingKey(name))
        }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(tokenType, forKey: .tokenType)
        try container.encode(accessToken, forKey: .accessToken)
        try container.encodeIfPresent(expiresIn, forKey: .expiresIn)
        try container.encodeIfPresent(refreshToken, forKey: .refreshToken)
        try container.encodeIfPresent(idToken, forKey: .idToken)
        try container.encodeIfPresent(scope, forKey: .scope)
    }
}

extension TokenResponse: CustomStringConvertible {
    /// Never shows a token: a response logged by mistake must not leak one.
    public var description: String {
        "TokenResponse(token_type: \(tokenType), expires_in: \(expiresIn.map(String.init) ?? "nil"), "
            + "refresh_token: \(refreshToken == nil ? "no" : "yes"), id_token: \(idToken == nil ? "no" : "yes"))"
    }
}

extension TokenResponse {
    /// The `token_type` of an access token (RFC 6749 §7.1): `DPoP` when it is bound to a key (RFC 9449 §5), `Bearer`
    /// (RFC 6750) otherwise.
    package static func tokenType(isBoundToKey: Bool) -> String {
        isBoundToKey ? "DPoP" : "Bearer"
    }
}
