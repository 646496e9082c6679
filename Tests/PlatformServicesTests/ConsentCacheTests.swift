import Foundation
import OAuthCore
import PlatformServices
import PlatformStore
import Synchronization
import Testing

/// The consent cache never keeps, as live, a grant it read before an invalidation it was told of.
@Suite struct ConsentCacheTests {
    /// A fill reads the live grant, then pauses before it stores what it read; meanwhile the consent is withdrawn
    /// in the store and `invalidate` tells the cache, as the change feed would. Returns once the fill ended.
    static func fillRacing(with invalidate: (ConsentCache) -> Void) async throws -> (ConsentCache, PausingGrantStore) {
        let store = PausingGrantStore()
        let cache = ConsentCache()
        async let racing = cache.consent(grantID: PausingGrantStore.grantID, store: store)
        await store.paused()
        store.withdraw()
        invalidate(cache)
        store.resume()
        _ = try await racing  // read before the withdrawal: its own answer may be live
        return (cache, store)
    }

    @Test func aFillThatRacesWithAnInvalidationIsNotKept() async throws {
        let (cache, store) = try await Self.fillRacing { $0.forget(grantID: PausingGrantStore.grantID) }
        let next = try await cache.consent(grantID: PausingGrantStore.grantID, store: store)
        #expect(next.isLive == false, "a grant withdrawn before this read is not served from the cache as live")
    }

    @Test func aFillThatRacesWithAUserInvalidationIsNotKept() async throws {
        let (cache, store) = try await Self.fillRacing { $0.forget(userSubject: "alice") }
        #expect(try await cache.consent(grantID: PausingGrantStore.grantID, store: store).isLive == false)
    }

    @Test func withoutARaceTheCacheAnswersFromMemory() async throws {
        let store = PausingGrantStore(pausing: false)
        let cache = ConsentCache()
        #expect(try await cache.consent(grantID: PausingGrantStore.grantID, store: store).isLive)
        store.withdraw()
        #expect(try await cache.consent(grantID: PausingGrantStore.grantID, store: store).isLive, "served from memory")
        cache.forget(grantID: PausingGrantStore.grantID)
        #expect(try await cache.consent(grantID: PausingGrantStore.grantID, store: store).isLive == false)
    }
}

/// A store holding one grant of the user `alice`, whose first `grant(id:)` pauses after reading, until
/// ``resume()``: the interleaving of a cache fill with a change, forced.
final class PausingGrantStore: GrantStore, EndUserStore {
    static let grantID = "grant"

    private struct State {
        var grant: ConsentGrant?
        var pausing: Bool
        var waiting: CheckedContinuation<Void, Never>?
    }

    private let state: Mutex<State>
    private let pauses: AsyncStream<Void>
    private let pauseSignal: AsyncStream<Void>.Continuation
    private let user = EndUser(
        subject: "alice", username: "alice", passwordHash: "x", claims: EndUserClaims(), locked: false, createdAt: .now,
        updatedAt: .now)

    init(pausing: Bool = true) {
        let grant = ConsentGrant(
            id: Self.grantID, userSubject: "alice", applicationID: "app", scope: ["openid"], createdAt: .now, updatedAt: .now)
        state = Mutex(State(grant: grant, pausing: pausing))
        (pauses, pauseSignal) = AsyncStream.makeStream(of: Void.self)
    }

    /// Returns once a `grant(id:)` is paused.
    func paused() async {
        for await _ in pauses { return }
    }

    func resume() {
        state.withLock { state in
            let waiting = state.waiting
            state.waiting = nil
            return waiting
        }?.resume()
    }

    /// The consent is withdrawn in the store.
    func withdraw() {
        state.withLock { $0.grant = nil }
    }

    func grant(id: String) async throws -> ConsentGrant? {
        let (grant, pausing) = state.withLock { state in
            defer { state.pausing = false }
            return (state.grant, state.pausing)
        }
        if pausing {
            await withCheckedContinuation { continuation in
                state.withLock { $0.waiting = continuation }
                pauseSignal.yield()
            }
        }
        return grant
    }

    func user(subject: String) async throws -> EndUser? { subject == user.subject ? user : nil }

    // Not used by the cache.
    struct Unused: Error {}
    func grant(userSubject: String, applicationID: String) async throws -> ConsentGrant? { throw Unused() }
    func grants(userSubject: String) async throws -> [ConsentGrant] { throw Unused() }
    func revokeGrant(id: String) async throws -> Bool { throw Unused() }
    func revokeTokens(grantID: String) async throws { throw Unused() }
    func saveGrant(userSubject: String, applicationID: String, scope: Scopes) async throws -> ConsentGrant { throw Unused() }
    func saveCode(_ code: AuthorizationCode) async throws { throw Unused() }
    func redeemCode(digest: TokenDigest, at now: Date) async throws -> CodeRedemption { throw Unused() }
    func createUser(username: String, passwordHash: String, claims: EndUserClaims) async throws -> EndUser { throw Unused() }
    func user(username: String) async throws -> EndUser? { throw Unused() }
    func users() async throws -> [EndUser] { throw Unused() }
    func setLocked(_ locked: Bool, username: String) async throws -> EndUser { throw Unused() }
    func setPasswordHash(_ passwordHash: String, subject: String) async throws -> EndUser { throw Unused() }
    func setAdministrator(_ isAdministrator: Bool, username: String) async throws -> EndUser { throw Unused() }
}
