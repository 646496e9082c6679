import Foundation
import JWTKit
import OAuthCore

/// The provider's signing keys, read from its `jwks_uri` on first use and again when an ID token names a `kid`
/// that is not among them: the provider rotated its keys (OpenID Connect Core §10.1.1).
///
/// A `kid` still absent from a fresh download is remembered, so that forged tokens naming it cannot make this
/// client hammer the provider. A download that fails is not a download: the keys are asked for again after a
/// short backoff (2 s, doubling up to a minute), and until then the failure is thrown without asking.
actor ProviderKeys {
    private struct Downloaded: Sendable {
        var collection: JWTKeyCollection
        var kids: Set<String>
    }

    private let jwksURI: String?
    private let transport: any HTTPTransport
    private let now: @Sendable () -> Date
    private var downloaded: Downloaded?
    /// Kids absent from a download made for them: a token naming one again fails without another download.
    private var absentKids: Set<String> = []
    /// The last download's failure, and when the next one may be made.
    private var failure: (error: any Error, count: Int, retryAt: Date)?
    /// The download under way, which every caller that needs one waits for.
    private var download: Task<Downloaded, any Error>?

    init(jwksURI: String?, transport: any HTTPTransport, now: @escaping @Sendable () -> Date) {
        self.jwksURI = jwksURI
        self.transport = transport
        self.now = now
    }

    /// The keys, downloaded again first when `kid` is neither among them nor known to be absent.
    func collection(including kid: String?) async throws -> JWTKeyCollection {
        if let downloaded, kid.map({ downloaded.kids.contains($0) || absentKids.contains($0) }) ?? true {
            return downloaded.collection
        }
        if let failure, now() < failure.retryAt { throw failure.error }
        let download = download ?? Task { try await downloadRecording(for: kid) }
        self.download = download
        return try await download.value.collection
    }

    /// One download, and what it teaches: the keys and the kids absent from them, or a failure to wait after.
    private func downloadRecording(for kid: String?) async throws -> Downloaded {
        defer { download = nil }
        do {
            let keys = try await downloadKeys()
            downloaded = keys
            failure = nil
            if let kid, !keys.kids.contains(kid) {
                if absentKids.count >= 100 { absentKids.removeAll() }
                absentKids.insert(kid)
            }
            return keys
        } catch {
            let count = (failure?.count ?? 0) + 1
            let backoff = min(60, 1 << min(count, 6))
            failure = (error, count, now().addingTimeInterval(TimeInterval(backoff)))
            throw error
        }
    }

    private func downloadKeys() async throws -> Downloaded {
        guard let jwksURI, let url = URL(string: jwksURI) else {
            throw OAuthClientError.invalidConfiguration("the provider publishes no jwks_uri: ID tokens cannot be verified")
        }
        let response = try await transport.send(HTTPRequestMessage(url: url, headers: ["Accept": "application/json"]))
        guard response.isSuccess, let jwks = try? JSONDecoder().decode(JWKS.self, from: response.body) else {
            throw OAuthClientError.invalidResponse("the provider's JWKS could not be read", from: response)
        }
        return Downloaded(collection: try await JWTKeyCollection().add(jwks: jwks), kids: Set(jwks.keys.compactMap { $0.keyIdentifier?.string }))
    }
}
