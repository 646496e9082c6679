import Foundation
import PlatformStore

/// Checks a bearer access token (RFC 6750) for the gateway and for userinfo, reading memory: the
/// ``IssuedTokenCache``, the ``PlatformDirectory`` and the ``ConsentCache``; the store only for what this
/// instance has not seen yet.
package struct AccessTokenVerifier: Sendable {
    /// What a presented token is worth, in the order the checks run. A refused token names its application
    /// whenever the platform issued it, so that usage counts the refusal against it (issue 13).
    package enum Outcome: Sendable {
        /// A live token, its application, and for a user's token (3-legged) the user's subject.
        case valid(IssuedToken, ClientApplication, subject: String?)
        /// Unknown, revoked, or not an access token (seed 003: "access token resource … not found"); the
        /// application of a revoked token.
        case unknown(of: ClientApplication?)
        /// A 3-legged token whose consent the user withdrew, or whose user is locked (seed 003: "no consent has
        /// been found").
        case noConsent(of: ClientApplication)
        case expired(of: ClientApplication)

        /// The application the token was issued to, when the platform issued it.
        package var application: ClientApplication? {
            switch self {
            case .valid(_, let application, _), .noConsent(let application), .expired(let application): application
            case .unknown(let application): application
            }
        }
    }

    private let directory: PlatformDirectory
    private let store: any TokenStore & GrantStore & EndUserStore
    private let tokenCache: IssuedTokenCache
    private let consents: ConsentCache
    private let clock: WallClock

    package init(
        directory: PlatformDirectory, store: any TokenStore & GrantStore & EndUserStore, tokenCache: IssuedTokenCache, consents: ConsentCache,
        clock: WallClock = .system
    ) {
        self.directory = directory
        self.store = store
        self.tokenCache = tokenCache
        self.consents = consents
        self.clock = clock
    }

    /// Checks the token: known, of its consent still given, not revoked (of the current generations of its
    /// application's credentials, or of the one a renewal replaced during its grace period, and of its grant),
    /// not expired. The application's status
    /// and subscriptions are the caller's to check.
    ///
    /// `kinds` are the tokens it judges: access tokens for a bearer check; introspection (RFC 7662) judges refresh
    /// tokens the same way, since their liveness rests on the same generations and consent. Any other kind is
    /// ``Outcome/unknown(of:)``.
    package func verify(_ token: some StringProtocol, kinds: Set<IssuedToken.Kind> = [.access]) async throws -> Outcome {
        guard let (issued, application) = usable(try await issuedToken(TokenDigest(of: token)), kinds: kinds) else {
            return .unknown(of: nil)
        }
        var consent: ConsentCache.Consent?
        if let grantID = issued.grantID { consent = try await consents.consent(grantID: grantID, store: store) }
        return judge(issued, of: application, consent: consent)
    }

    /// ``verify(_:)`` from memory alone; nil when the token or its consent is not there (the store must be read).
    package func verifyImmediately(_ token: some StringProtocol) -> Outcome? {
        let issued: IssuedToken?
        switch tokenCache.lookup(TokenDigest(of: token)) {
        case .found(let token): issued = token
        case .unknown: issued = nil
        case .notCached: return nil
        }
        guard let (issued, application) = usable(issued, kinds: [.access]) else { return .unknown(of: nil) }
        var consent: ConsentCache.Consent?
        if let grantID = issued.grantID {
            guard let cached = consents.cachedConsent(grantID: grantID) else { return nil }
            consent = cached
        }
        return judge(issued, of: application, consent: consent)
    }

    /// A token of one of `kinds`, of an application the platform knows.
    private func usable(_ issued: IssuedToken?, kinds: Set<IssuedToken.Kind>) -> (IssuedToken, ClientApplication)? {
        guard let issued, kinds.contains(issued.kind), let application = directory.application(id: issued.applicationID) else { return nil }
        return (issued, application)
    }

    /// For a user's token, `consent` is its grant's.
    private func judge(_ issued: IssuedToken, of application: ClientApplication, consent: ConsentCache.Consent?) -> Outcome {
        var subject: String?
        if let consent {
            guard consent.isLive else { return .noConsent(of: application) }
            guard issued.grantGeneration >= consent.generation else { return .unknown(of: application) }
            subject = consent.userSubject
        }
        // Revocation by generation, not by clock (ARCHITECTURE.md): a token obtained before the secret was
        // renewed or the tokens revoked is refused, whichever instance issued it and whatever its clock; during a
        // renewal's grace period, one of the replaced generation stands until the grace's end (issue 12).
        let now = clock.now()
        guard issued.revokedAt == nil, application.honours(credentialGeneration: issued.credentialGeneration, at: now) else {
            return .unknown(of: application)
        }
        guard issued.expiresAt > now else { return .expired(of: application) }
        return .valid(issued, application, subject: subject)
    }

    /// RFC 6750 §2.1: `Authorization: Bearer <token>`, the scheme case-insensitive; exactly one header.
    package static func bearerToken(in values: [String]) -> Substring? {
        presentedToken(in: values).flatMap { $0.scheme == .bearer ? $0.value : nil }
    }

    /// `Authorization: Bearer <token>` (RFC 6750 §2.1) or `DPoP <token>` (RFC 9449 §7.1), the scheme
    /// case-insensitive; exactly one header. Read as UTF-8 bytes: this runs on every call through the gateway.
    package static func presentedToken(in values: [String]) -> PresentedToken? {
        guard values.count == 1 else { return nil }
        let value = values[0][...]
        let space = UInt8(ascii: " ")
        guard let end = value.utf8.firstIndex(of: space) else { return nil }
        let scheme: PresentedToken.Scheme
        let name = value.utf8[..<end]
        if name.elementsEqual("bearer".utf8, by: { $0 | 0x20 == $1 }) {
            scheme = .bearer
        } else if name.elementsEqual("dpop".utf8, by: { $0 | 0x20 == $1 }) {
            scheme = .dpop
        } else {
            return nil
        }
        let token = value[end...].drop { $0 == " " }
        return token.isEmpty || token.utf8.contains(space) ? nil : PresentedToken(scheme: scheme, value: token)
    }

    /// The token's record: from memory, or from the store once for a token this instance has not seen.
    private func issuedToken(_ digest: TokenDigest) async throws -> IssuedToken? {
        switch tokenCache.lookup(digest) {
        case .found(let issued): return issued
        case .unknown: return nil
        case .notCached:
            guard let issued = try await store.token(digest: digest) else {
                tokenCache.insertUnknown(digest)
                return nil
            }
            tokenCache.insert(issued)
            return issued
        }
    }
}
