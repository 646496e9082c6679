import Foundation
import OAuthCore
import PlatformServices
import PlatformStore
import PlatformTesting
import Synchronization
import Testing

/// The rules every driver meets under concurrency (written on `PlatformStore`, `ChangeFeed` and
/// `LimitCounterStore`; issue 11, item 1), each through two stores on one database, as two instances.
extension StoreContractTests {
    /// Opens each store's connections before a race, so that the racers run together rather than one at a time
    /// as a pool opens its connections (PostgreSQL; nothing to open for SQLite).
    func warmUp(_ stores: [any PlatformStore]) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for store in stores {
                for _ in 0..<8 { group.addTask { try await store.checkHealth() } }
            }
            try await group.waitForAll()
        }
    }

    /// Change-feed entries are read in commit order: a reader polling while 60 changes commit concurrently through
    /// two instances sees each of them, in increasing order, and never finds one below a sequence it already read.
    @Test(arguments: StoreDriver.available) func theFeedIsReadInCommitOrderWithNoChangeSkipped(driver: StoreDriver) async throws {
        try await driver.withStores(2) { stores in
            try await warmUp(stores)
            var applications: [ClientApplication] = []
            for index in 0..<6 { applications.append(try await stores[0].createApplication(try draft(name: "app\(index)"))) }
            let start = try await stores[0].latestChangeSequence()
            let writing = Atomic(true)
            async let seen: [Int64] = {
                var seen: [Int64] = []
                var position = start
                while true {
                    let done = !writing.load(ordering: .acquiring)
                    let changes = try await stores[1].changes(after: position, limit: 1000)
                    seen += changes.map(\.sequence)
                    position = changes.last?.sequence ?? position
                    if done && changes.isEmpty { return seen }
                }
            }()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<60 {
                    let store = stores[index % 2]
                    let clientID = applications[index % applications.count].clientID
                    group.addTask {
                        _ = try await store.setStatus(index.isMultiple(of: 4) ? .suspended : .active, clientID: clientID)
                    }
                }
                try await group.waitForAll()
            }
            writing.store(false, ordering: .releasing)
            let read = try await seen
            let committed = try await stores[0].changes(after: start, limit: 1000).map(\.sequence)
            #expect(committed.count == 60)
            #expect(read == committed, "the reader skipped or reordered a change")
        }
    }

    /// A unique violation is `StoreError.conflict`, decided by the database: of 20 concurrent creations of one user
    /// name (in several cases) or one API name, exactly one succeeds; a token saved twice is a conflict; concurrent
    /// first applications of one address share one client space.
    @Test(arguments: StoreDriver.available) func aUniqueViolationIsAConflict(driver: StoreDriver) async throws {
        try await driver.withStores(2) { stores in
            try await warmUp(stores)
            func outcomes(_ attempt: @escaping @Sendable (any PlatformStore, Int) async throws -> Void) async -> [Result<Void, StoreError>] {
                await withTaskGroup(of: Result<Void, StoreError>.self) { group in
                    for index in 0..<20 {
                        let store = stores[index % 2]
                        group.addTask {
                            do {
                                try await attempt(store, index)
                                return .success(())
                            } catch let error as StoreError {
                                return .failure(error)
                            } catch {
                                Issue.record("not a StoreError: \(error)")
                                return .failure(.notFound("\(error)"))
                            }
                        }
                    }
                    return await group.reduce(into: []) { $0.append($1) }
                }
            }
            func count(_ results: [Result<Void, StoreError>]) -> (successes: Int, conflicts: Int) {
                (results.filter { if case .success = $0 { true } else { false } }.count,
                 results.filter { if case .failure(.conflict) = $0 { true } else { false } }.count)
            }

            let users = await outcomes { store, index in
                _ = try await store.createUser(username: index.isMultiple(of: 2) ? "Bob" : "bOB", passwordHash: "x", claims: .init())
            }
            #expect(count(users) == (1, 19))
            let apis = await outcomes { store, index in
                _ = try await store.createAPI(APIDraft(name: "poi", basePath: "/poi/v\(index)", upstream: "http://127.0.0.1:9"))
            }
            #expect(count(apis) == (1, 19))

            let vault = self.vault
            let spaces = await outcomes { store, index in
                let (clientID, _, stored) = try vault.issueCredentials()
                _ = try await store.createApplication(
                    ApplicationDraft(
                        email: index.isMultiple(of: 2) ? "new@example.com" : "NEW@example.com", name: "app\(index)", clientID: clientID,
                        credential: stored, redirectURIs: [], subscriptions: []))
            }
            #expect(count(spaces) == (20, 0))
            #expect(Set(try await stores[0].applications().map(\.clientSpaceID)).count == 1)

            let app = try await stores[0].applications()[0]
            let token = IssuedToken(
                digest: TokenDigest(of: "twice"), applicationID: app.id, kind: .access, issuedAt: .now, expiresAt: .now + 60)
            try await stores[0].saveToken(token)
            await #expect {
                try await stores[1].saveToken(token)
            } throws: { error in
                if case .conflict = error as? StoreError { true } else { false }
            }
        }
    }

    /// Scope merges are atomic: 20 concurrent consents of one user to one application, each to another scope,
    /// through two instances, end in one grant holding all of them.
    @Test(arguments: StoreDriver.available) func concurrentConsentsEndWithTheUnionOfTheirScopes(driver: StoreDriver) async throws {
        try await driver.withStores(2) { stores in
            try await warmUp(stores)
            let (user, app) = try await consentParties(stores[0])
            let grants = try await withThrowingTaskGroup(of: ConsentGrant.self) { group in
                for index in 0..<20 {
                    let store = stores[index % 2]
                    group.addTask { try await store.saveGrant(userSubject: user.subject, applicationID: app.id, scope: ["openid", "s\(index)"]) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(grants.map(\.id)).count == 1)
            let expected = Scopes(["openid"] + (0..<20).map { "s\($0)" })
            #expect(try await stores[1].grant(userSubject: user.subject, applicationID: app.id)?.scope == expected)
        }
    }

    /// Counters are added, never overwritten: 200 concurrent additions with a limit of 50, through two instances,
    /// add exactly 50; each refused one changes nothing.
    @Test(arguments: StoreDriver.available) func countersAreAddedNeverOverwritten(driver: StoreDriver) async throws {
        try await driver.withStores(2) { stores in
            try await warmUp(stores)
            let counts = try await withThrowingTaskGroup(of: LimitCount.self) { group in
                for index in 0..<200 {
                    let store = stores[index % 2]
                    group.addTask { try await store.addToLimitCounter(key: "token:app", period: .day, amount: 1, limit: 50) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(counts.filter(\.added).count == 50)
            #expect(Set(counts.filter(\.added).map(\.count)) == Set(1...50), "each addition saw its own count")
            #expect(counts.filter { !$0.added }.allSatisfy { $0.count == 50 })
            #expect(try await stores[1].limitCount(key: "token:app", period: .day).count == 50)
        }
    }

    /// Windows are the database clock's, aligned as `Period.window(containing:)`; an addition past the limit is
    /// refused whole; a reset forgets; an ended window restarts from 0.
    @Test(arguments: StoreDriver.available) func countersCountInTheDatabasesWindows(driver: StoreDriver) async throws {
        try await driver.withStore { store in
            // (Not `.second` nor `.minute` here: on a loaded machine, three statements can straddle the end of their
            // window.)
            for period in [Period.hour, .day, .month] {
                let first = try await store.addToLimitCounter(key: "k", period: period, amount: 3, limit: 12)
                #expect(first.added && first.count == 3)
                #expect(first.windowEnd == period.window(containing: Date(timeIntervalSince1970: first.now)).end, "\(period)")
                #expect(abs(first.now - Date().timeIntervalSince1970) < 60)
                let refused = try await store.addToLimitCounter(key: "k", period: period, amount: 10, limit: 12)
                #expect(!refused.added && refused.count == 3)
                #expect(try await store.addToLimitCounter(key: "k", period: period, amount: 9, limit: 12).count == 12)
                let read = try await store.limitCount(key: "k", period: period)
                #expect(!read.added && read.count == 12 && read.windowEnd == first.windowEnd)
            }
            #expect(try await store.limitCount(key: "other", period: .day).count == 0)
            #expect(!(try await store.addToLimitCounter(key: "other", period: .day, amount: 2, limit: 1).added))
            #expect(try await store.limitCount(key: "other", period: .day).count == 0)

            try await store.resetLimitCounter(key: "k", period: .hour)
            #expect(try await store.limitCount(key: "k", period: .hour).count == 0)
            #expect(try await store.addToLimitCounter(key: "k", period: .hour, amount: 1, limit: 12).count == 1)

            let saved = try await store.limitCounters(endingAfter: .now)
            #expect(Set(saved.map(\.period)) == [.hour, .day, .month])
            #expect(saved.first { $0.period == .day }?.count == 12)

            let second = try await store.addToLimitCounter(key: "k", period: .second, amount: 1, limit: 12)
            #expect(second.windowEnd == Period.second.window(containing: Date(timeIntervalSince1970: second.now)).end)
            try await Task.sleep(for: .seconds(Double(second.windowEnd) - second.now + 0.05))
            let restarted = try await store.addToLimitCounter(key: "k", period: .second, amount: 1, limit: 12)
            #expect(restarted.added && restarted.count == 1 && restarted.windowEnd > second.windowEnd)
            #expect(try await store.deleteLimitCounters(endingBefore: .distantPast) == 0)
            #expect(try await store.deleteLimitCounters(endingBefore: .distantFuture) == 4)
            #expect(try await store.limitCounters(endingAfter: .distantPast).isEmpty)
        }
    }

    /// Tokens saved concurrently (committed together by a driver that groups them) are each found.
    @Test(arguments: StoreDriver.available) func tokensSavedConcurrentlyAreEachFound(driver: StoreDriver) async throws {
        try await driver.withStore { store in
            let app = try await store.createApplication(try draft())
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<100 {
                    group.addTask {
                        try await store.saveTokens([
                            IssuedToken(digest: TokenDigest(of: "a\(index)"), applicationID: app.id, kind: .access, issuedAt: .now, expiresAt: .now + 60),
                            IssuedToken(digest: TokenDigest(of: "r\(index)"), applicationID: app.id, kind: .refresh, issuedAt: .now, expiresAt: .now + 60),
                        ])
                    }
                }
                try await group.waitForAll()
            }
            for index in 0..<100 {
                #expect(try await store.token(digest: TokenDigest(of: "a\(index)"))?.kind == .access)
                #expect(try await store.token(digest: TokenDigest(of: "r\(index)"))?.kind == .refresh)
            }
        }
    }
}
