import CryptoExtras
import Foundation
import Hummingbird
import JWTKit
import NIOCore
import NIOFoundationCompat
import OAuthCore
import PlatformServices
import PlatformStore
import Synchronization

/// The ID token signing keys this server publishes (OpenID Connect Core §10.1.1): the last to have started signs, a
/// newer one is published ahead of use, older ones stay published until every token they signed has expired. Built from the ``PlatformDirectory``, so a
/// rotation done by another process is published within a change-feed interval.
package final class KeyRing: Sendable {
    /// `GET /openidconnect/fr/v1/jwks`.
    package static let jwksPath = "/openidconnect/fr/v1/jwks"
    /// How long clients may cache the JWK Set (`Cache-Control: max-age`), in seconds: how far ahead of use automatic
    /// rotation publishes a key (``SigningKeyRotation``).
    package static let jwksCacheLifetime = 60

    private struct Signer {
        var kid: String
        var keys: JWTKeyCollection
    }

    private struct Published {
        var kids: [String]
        var body: ByteBuffer
        var computedAt: Date
    }

    private let directory: PlatformDirectory
    private let vault: CredentialVault
    private let clock: WallClock
    private let overlap: TimeInterval
    private let published = Mutex<Published?>(nil)
    private let signer = Mutex<Signer?>(nil)
    /// Every kept key's public half, for ``verify(_:as:)``, made again only when the keys change.
    private let verifiers = Mutex<(kids: [String], keys: JWTKeyCollection)?>(nil)

    /// `overlap` is how long a replaced key stays published: at least the lifetime of an ID token.
    package init(directory: PlatformDirectory, vault: CredentialVault, clock: WallClock = .system, overlap: TimeInterval) {
        self.directory = directory
        self.vault = vault
        self.clock = clock
        self.overlap = overlap
    }

    package func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.get(RouterPath(Self.jwksPath)) { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "application/json", .cacheControl: "public, max-age=\(Self.jwksCacheLifetime)"],
                body: ResponseBody(byteBuffer: try self.jwksBody()))
        }
    }

    /// Signs `payload` as a JWS with the key that signs now, its kid in the header (RFC 7515; OpenID Connect Core §2),
    /// and `typ` when given (Back-Channel Logout 1.0 §2.4: `logout+jwt`).
    package func sign(_ payload: some JWTPayload, type: String? = nil) async throws -> String {
        guard let current = directory.signingKeys.signing(at: clock.now()) else { throw KeyRingError.noSigningKey }
        let keys: JWTKeyCollection
        if let cached = signer.withLock({ $0 }), cached.kid == current.kid {
            keys = cached.keys
        } else {
            let pem = String(decoding: try vault.open(current.sealedPrivateKey, boundTo: current.kid), as: UTF8.self)
            keys = await JWTKeyCollection().add(
                rsa: try Insecure.RSA.PrivateKey(pem: pem), digestAlgorithm: .sha256, kid: JWKIdentifier(string: current.kid))
            signer.withLock { $0 = Signer(kid: current.kid, keys: keys) }
        }
        var header = JWTHeader()
        header.typ = type
        return try await keys.sign(payload, kid: JWKIdentifier(string: current.kid), header: header)
    }

    /// The claims of `token` when one of the platform's keys signed it, published or not: RP-Initiated Logout 1.0
    /// §2 accepts an `id_token_hint` that has expired, so an ID token is recognised as long as its key is kept.
    /// `Payload` checks nothing of its own (no expiry); the caller checks `iss`.
    /// The keys are opened once per set of kids, not on every request: the end-session endpoint takes hints from anyone.
    func verify<Payload: JWTPayload>(_ token: String, as type: Payload.Type) async throws -> Payload {
        let kept = directory.signingKeys
        let kids = kept.map(\.kid)
        if let cached = verifiers.withLock({ $0 }), cached.kids == kids {
            return try await cached.keys.verify(token, as: type)
        }
        let keys = JWTKeyCollection()
        for key in kept {
            let pem = String(decoding: try vault.open(key.sealedPrivateKey, boundTo: key.kid), as: UTF8.self)
            await keys.add(
                rsa: try Insecure.RSA.PrivateKey(pem: pem).publicKey, digestAlgorithm: .sha256, kid: JWKIdentifier(string: key.kid))
        }
        verifiers.withLock { $0 = (kids, keys) }
        return try await keys.verify(token, as: type)
    }

    /// The JWK Set, recomputed when the keys change and at least once a minute (a key may expire).
    func jwksBody() throws -> ByteBuffer {
        let now = clock.now()
        let keys = directory.signingKeys
        let kids = keys.map(\.kid)
        if let cached = published.withLock({ $0 }), cached.kids == kids, now.timeIntervalSince(cached.computedAt) < 60 {
            return cached.body
        }
        let set = JSONWebKeySet(keys: try keys.published(at: now, overlap: overlap).map(publicKey(of:)))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = ByteBuffer(data: try encoder.encode(set))
        published.withLock { $0 = Published(kids: kids, body: body, computedAt: now) }
        return body
    }

    private func publicKey(of key: SigningKey) throws -> JSONWebKey {
        let pem = String(decoding: try vault.open(key.sealedPrivateKey, boundTo: key.kid), as: UTF8.self)
        let primitives = try _RSA.Signing.PrivateKey(pemRepresentation: pem).publicKey.getKeyPrimitives()
        return JSONWebKey(
            keyType: "RSA", keyID: key.kid, use: "sig", algorithm: key.algorithm,
            modulus: primitives.modulus.base64URLEncodedString(), exponent: primitives.publicExponent.base64URLEncodedString())
    }
}

package enum KeyRingError: Error {
    /// The store holds no signing key; the server makes one at start.
    case noSigningKey
}
