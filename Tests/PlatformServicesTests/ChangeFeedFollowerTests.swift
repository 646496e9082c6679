import Crypto
import Foundation
import Logging
import OAuthCore
import PlatformServices
import PlatformStore
import PlatformStoreSQLite
import PlatformTesting
import Testing

/// A follower that fell behind the pruned part of the change feed cannot replay what it missed: it reloads
/// everything and forgets what its caches hold.
@Suite struct ChangeFeedFollowerTests {
    let vault = CredentialVault(masterKey: SymmetricKey(size: .bits256))

    @Test(arguments: StoreDriver.available) func aFollowerBehindThePrunedRangeReloadsEverything(driver: StoreDriver) async throws {
        try await driver.withStores(2) { stores in try await followerReloads(serverStore: stores[0], otherProcessStore: stores[1]) }
    }

    func followerReloads(serverStore: any PlatformStore, otherProcessStore: any PlatformStore) async throws {
        let directory = PlatformDirectory()
        let consents = ConsentCache()
        let follower = ChangeFeedFollower(
            store: serverStore, directory: directory, consents: consents, interval: .seconds(1),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        let (clientID, _, stored) = try vault.issueCredentials()
        let app = try await otherProcessStore.createApplication(
            ApplicationDraft(email: "dev@example.com", name: "app", clientID: clientID, credential: stored, redirectURIs: [], subscriptions: []))
        let user = try await otherProcessStore.createUser(username: "alice", passwordHash: "x", claims: .init())
        let grant = try await otherProcessStore.saveGrant(userSubject: user.subject, applicationID: app.id, scope: ["openid"])
        try await follower.loadAll()
        #expect(try await consents.consent(grantID: grant.id, store: serverStore).isLive)

        // While the follower does not read, the application is suspended and the consent withdrawn; those changes
        // are pruned, only a later one stays.
        _ = try await otherProcessStore.setStatus(.suspended, clientID: clientID)
        #expect(try await otherProcessStore.revokeGrant(id: grant.id))
        _ = try await otherProcessStore.createAPI(APIDraft(name: "poi", basePath: "/poi/v1", upstream: "http://127.0.0.1:9"))
        #expect(try await otherProcessStore.deleteChanges(before: .distantFuture) > 0)

        try await follower.catchUp()
        #expect(directory.application(clientID: clientID)?.status == .suspended)
        #expect(directory.api(named: "poi") != nil)
        #expect(try await consents.consent(grantID: grant.id, store: serverStore).isLive == false)

        // Then it follows change by change again.
        _ = try await otherProcessStore.setStatus(.active, clientID: clientID)
        try await follower.catchUp()
        #expect(directory.application(clientID: clientID)?.status == .active)
    }
}

/// A store's commit signal (PostgreSQL's `NOTIFY`) wakes the follower before its interval ends.
@Suite struct ChangeFeedWakeUpTests {
    @Test func aWakeUpMakesTheFollowerReadTheFeedAtOnce() async throws {
        let path = TemporaryDirectory().path + "/wake.sqlite"
        let serverStore = try SQLitePlatformStore(path: path)
        let otherInstanceStore = try SQLitePlatformStore(path: path)
        let directory = PlatformDirectory()
        let (signals, signal) = AsyncStream.makeStream(of: Void.self)
        let follower = ChangeFeedFollower(
            store: serverStore, directory: directory, interval: .seconds(3600), wakeUps: { signals },
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await follower.loadAll()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await follower.run() }
            _ = try await otherInstanceStore.createAPI(APIDraft(name: "poi", basePath: "/poi/v1", upstream: "http://127.0.0.1:9"))
            signal.yield()
            // Far within the hour-long interval, however loaded the machine.
            #expect(try await eventually(within: .seconds(30)) { directory.api(named: "poi") != nil })
            group.cancelAll()
        }
    }
}
