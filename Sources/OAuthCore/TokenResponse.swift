/// A successful answer of a token endpoint (RFC 6749 §5.1; seed 002, "Example of a successful response").
///
/// `expires_in` is a number in the seeds but a string in several Orange APIs, so decoding accepts both;
/// encoding always writes a number.
public struct TokenResponse: Codable, Hashable, Sendable {
    /// Always `Bearer` on Orange (RFC 6750).
    public var tokenType: String
    public var accessToken: String
    /// Lifetime of the access token in seconds, counted from the moment the response was generated.
    public var expiresIn: Int?
    public var refreshToken: String?
    public var idToken: String?
    public var scope: String?

    public init(
        tokenType: String = "Bearer",
        accessToken: String,
        expiresIn: Int?,
        refreshToken: String? = nil,
        idToken: String? = nil,
        scope: String? = nil
    ) {
        self.tokenType = tokenType
        self.accessToken = accessToken
        self.expiresIn = expiresIn
        self.refreshToken = refreshToken
        self.idToken = idToken
        self.scope = scope
    }

    enum CodingKeys: String, CodingKey {
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
    }
}

extension TokenResponse: CustomStringConvertible {
    /// Never shows a token: a response logged by mistake must not leak one.
    public var description: String {
        "TokenResponse(token_type: \(tokenType), expires_in: \(expiresIn.map(String.init) ?? "nil"), "
            + "refresh_token: \(refreshToken == nil ? "no" : "yes"), id_token: \(idToken == nil ? "no" : "yes"))"
    }
}
