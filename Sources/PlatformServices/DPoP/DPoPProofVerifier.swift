import Crypto
import Foundation
import JWTKit
import OAuthCore
import PlatformStore

/// A DPoP proof that passed every check of RFC 9449 §4.3: the key it was signed with.
package struct DPoPProof: Sendable, Equatable {
    /// The JWK SHA-256 thumbprint of the proof's key (RFC 7638): what a bound token's `cnf.jkt` names.
    package var keyThumbprint: String
}

/// Why a DPoP proof was refused: the `error_description` of `invalid_dpop_proof` (RFC 9449 §5, §7.1).
package struct DPoPProofRefusal: Error, Equatable, CustomStringConvertible {
    package var description: String

    package init(_ description: String) {
        self.description = description
    }
}

/// Checks the `DPoP` header of a request (RFC 9449 §4.3) for the token endpoints, userinfo and the gateway.
///
/// Proofs are signed with ES256, the only algorithm discovery advertises (`dpop_signing_alg_values_supported`);
/// their `iat` may be at most ``maximumAge`` old and ``maximumLead`` ahead of this clock, and each is accepted once
/// (``DPoPReplayCache``). The platform sends no `DPoP-Nonce`.
package struct DPoPProofVerifier: Sendable {
    /// RFC 9449 §4.1: the header that carries a proof.
    package static let headerName = "DPoP"
    package static let algorithms = ["ES256"]
    package static let maximumAge: TimeInterval = 60
    package static let maximumLead: TimeInterval = 60
    /// A proof is a few hundred bytes; a longer header is refused before it is parsed.
    package static let maximumSize = 4096
    private static let maximumJTILength = 256

    private let replays: DPoPReplayCache
    private let clock: WallClock

    package init(replays: DPoPReplayCache = DPoPReplayCache(), clock: WallClock = .system) {
        self.replays = replays
        self.clock = clock
    }

    /// Checks the request's `DPoP` fields (`values`): exactly one proof, for `method` and `url` (the request's URI as
    /// the client addressed it; a query is ignored), and with `ath` naming `accessToken` when the request presents one.
    package func verify(_ values: [String], method: String, url: String, accessToken: Substring?) throws(DPoPProofRefusal) -> DPoPProof {
        guard values.count == 1, let proof = values.first else {
            throw DPoPProofRefusal(values.isEmpty ? "No DPoP proof" : "More than one DPoP proof")
        }
        guard proof.utf8.count <= Self.maximumSize else { throw DPoPProofRefusal("The DPoP proof is too large") }
        let (header, claims, signature): (JWTHeader, DPoPClaims, Data)
        do {
            (header, claims, signature) = try DefaultJWTParser().parse(Array(proof.utf8), as: DPoPClaims.self)
        } catch {
            throw DPoPProofRefusal("The DPoP proof is not a JWT with jti, htm, htu and iat")
        }
        guard header.typ?.lowercased() == "dpop+jwt" else { throw DPoPProofRefusal("The DPoP proof's typ is not dpop+jwt") }
        guard let algorithm = header.alg, Self.algorithms.contains(algorithm) else {
            throw DPoPProofRefusal("The DPoP proof is not signed with ES256")
        }
        let (key, publicKey) = try Self.key(in: header)
        guard let thumbprint = key.thumbprint else { throw DPoPProofRefusal("The DPoP proof's jwk has no thumbprint") }
        guard let signingInputEnd = proof.utf8.lastIndex(of: UInt8(ascii: ".")),
            let ecdsaSignature = try? P256.Signing.ECDSASignature(rawRepresentation: signature),
            publicKey.isValidSignature(ecdsaSignature, for: Data(proof.utf8[..<signingInputEnd]))
        else {
            throw DPoPProofRefusal("The DPoP proof's signature does not verify with its jwk")
        }
        guard claims.htm == method else { throw DPoPProofRefusal("The DPoP proof's htm is not \(method)") }
        guard Self.sameResource(claims.htu, url) else { throw DPoPProofRefusal("The DPoP proof's htu is not this URI") }
        let now = clock.now()
        let issuedAt = Date(timeIntervalSince1970: claims.iat)
        guard issuedAt >= now.addingTimeInterval(-Self.maximumAge), issuedAt <= now.addingTimeInterval(Self.maximumLead) else {
            throw DPoPProofRefusal("The DPoP proof's iat is too far from this server's time")
        }
        if let accessToken {
            guard claims.ath == AccessTokenHash.dpop(of: accessToken) else {
                throw DPoPProofRefusal("The DPoP proof's ath does not match the access token")
            }
        }
        guard !claims.jti.isEmpty, claims.jti.utf8.count <= Self.maximumJTILength else {
            throw DPoPProofRefusal("The DPoP proof's jti is empty or too long")
        }
        let forgetAt = now.addingTimeInterval(Self.maximumAge + Self.maximumLead)
        guard replays.admit(thumbprint + " " + claims.jti, issuedAt: issuedAt, forgetAt: forgetAt, now: now) else {
            throw DPoPProofRefusal("The DPoP proof was used before")
        }
        return DPoPProof(keyThumbprint: thumbprint)
    }

    /// The proof's public key (RFC 9449 §4.2, `jwk`): a P-256 key, without its private part.
    private static func key(in header: JWTHeader) throws(DPoPProofRefusal) -> (JSONWebKey, P256.Signing.PublicKey) {
        guard let jwk = header.jwk, jwk["kty"]?.asString == "EC", jwk["crv"]?.asString == "P-256", jwk["d"] == nil,
            let x = jwk["x"]?.asString, let y = jwk["y"]?.asString,
            let xBytes = Data(base64URLEncoded: x), let yBytes = Data(base64URLEncoded: y), xBytes.count == 32, yBytes.count == 32,
            let publicKey = try? P256.Signing.PublicKey(rawRepresentation: xBytes + yBytes)
        else {
            throw DPoPProofRefusal("The DPoP proof's jwk is not a public P-256 key")
        }
        return (JSONWebKey(keyType: "EC", curve: "P-256", x: x, y: y), publicKey)
    }

    /// RFC 9449 §4.3, check 9: the same scheme, host, port and path, after RFC 3986 §6.2.2 and §6.2.3's
    /// normalisation (case of the scheme and host, a default port, an empty path); the query and fragment are ignored.
    static func sameResource(_ htu: String, _ url: String) -> Bool {
        guard let claimed = NormalizedURI(htu), let actual = NormalizedURI(url) else { return false }
        return claimed == actual
    }

    private struct NormalizedURI: Equatable {
        var scheme: String
        var host: String
        var port: Int?
        var path: String

        init?(_ text: String) {
            guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
                ["http", "https"].contains(scheme), let host = components.host?.lowercased(), !host.isEmpty
            else { return nil }
            self.scheme = scheme
            self.host = host
            port = components.port == (scheme == "https" ? 443 : 80) ? nil : components.port
            path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        }
    }
}

/// The claims of a DPoP proof (RFC 9449 §4.2).
private struct DPoPClaims: JWTPayload {
    var jti: String
    var htm: String
    var htu: String
    var iat: Double
    var ath: String?

    func verify(using algorithm: some JWTAlgorithm) throws {}
}
