/// A public key as a JWK Set publishes it (RFC 7517 §4, RFC 7518 §6.3.1 for RSA).
public struct JSONWebKey: Codable, Hashable, Sendable {
    /// `RSA`, `EC`, …
    public var keyType: String
    public var keyID: String?
    /// `sig` for signing keys.
    public var use: String?
    public var algorithm: String?
    /// RSA modulus and exponent, Base64url.
    public var modulus: String?
    public var exponent: String?

    public init(keyType: String, keyID: String?, use: String?, algorithm: String?, modulus: String?, exponent: String?) {
        self.keyType = keyType
        self.keyID = keyID
        self.use = use
        self.algorithm = algorithm
        self.modulus = modulus
        self.exponent = exponent
    }

    enum CodingKeys: String, CodingKey {
        case keyType = "kty"
        case keyID = "kid"
        case use
        case algorithm = "alg"
        case modulus = "n"
        case exponent = "e"
    }
}

/// A JWK Set: `{"keys": […]}` (RFC 7517 §5).
public struct JSONWebKeySet: Codable, Hashable, Sendable {
    public var keys: [JSONWebKey]

    public init(keys: [JSONWebKey]) {
        self.keys = keys
    }
}
