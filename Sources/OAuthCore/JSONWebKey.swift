import Crypto
import Foundation

/// A public key as a JWK Set publishes it (RFC 7517 §4, RFC 7518 §6.3.1 for RSA), or as a DPoP proof carries it
/// (RFC 9449 §4.2; RFC 7518 §6.2.1 for an elliptic curve key).
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
    /// An elliptic curve key's curve (`P-256`) and coordinates, Base64url.
    public var curve: String?
    public var x: String?
    public var y: String?

    public init(
        keyType: String, keyID: String? = nil, use: String? = nil, algorithm: String? = nil, modulus: String? = nil,
        exponent: String? = nil, curve: String? = nil, x: String? = nil, y: String? = nil
    ) {
        self.keyType = keyType
        self.keyID = keyID
        self.use = use
        self.algorithm = algorithm
        self.modulus = modulus
        self.exponent = exponent
        self.curve = curve
        self.x = x
        self.y = y
    }

    /// A P-256 public key (RFC 7518 §6.2.1): what the SDK's DPoP proofs carry.
    public init(_ key: P256.Signing.PublicKey) {
        let raw = key.rawRepresentation
        self.init(
            keyType: "EC", curve: "P-256", x: raw.prefix(32).base64URLEncodedString(), y: raw.suffix(32).base64URLEncodedString())
    }

    enum CodingKeys: String, CodingKey {
        case keyType = "kty"
        case keyID = "kid"
        case use
        case algorithm = "alg"
        case modulus = "n"
        case exponent = "e"
        case curve = "crv"
        case x, y
    }

    /// The JWK SHA-256 thumbprint (RFC 7638 §3), Base64url: the hash of the key's required members in
    /// lexicographic order, without whitespace. Nil for a key type other than `EC` and `RSA`, or without its
    /// required members. What binds a token to a DPoP key (RFC 9449 §6.1, `jkt`).
    public var thumbprint: String? {
        let members: [(String, String?)] =
            switch keyType {
            case "EC": [("crv", curve), ("kty", keyType), ("x", x), ("y", y)]
            case "RSA": [("e", exponent), ("kty", keyType), ("n", modulus)]
            default: []
            }
        guard !members.isEmpty else { return nil }
        var json = "{"
        for (index, (name, value)) in members.enumerated() {
            // Base64url and the key types need no escaping; anything else makes no thumbprint.
            guard let value, value.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") })
            else { return nil }
            json += (index == 0 ? "" : ",") + "\"\(name)\":\"\(value)\""
        }
        json += "}"
        return Data(SHA256.hash(data: Data(json.utf8))).base64URLEncodedString()
    }
}

/// A JWK Set: `{"keys": […]}` (RFC 7517 §5).
public struct JSONWebKeySet: Codable, Hashable, Sendable {
    public var keys: [JSONWebKey]

    public init(keys: [JSONWebKey]) {
        self.keys = keys
    }
}
