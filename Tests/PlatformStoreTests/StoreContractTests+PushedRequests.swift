import Foundation
import Logging
import OAuthCore
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

/// Pushed authorization requests (RFC 9126; issue 16, item 5) on every driver: kept by digest, bound to the
/// application, used once, refused once expired, pruned; and the operator's requirement to push.
extension StoreContractTests {
    func pushedRequest(_ name: String, of application: ClientApplication, expiresAt: Date) -> PushedAuthorizationRequest {
        PushedAuthorizationRequest(
            digest: TokenDigest(of: name), applicationID: application.id,
            parameters: [.init("client_id", application.clientID), .init("scope", "openid profile"), .init("state", "a&b=c d")],
            createdAt: expiresAt - 60, expiresAt: expiresAt)
    }

    @Test(arguments: StoreDriver.available) func aPushedRequestIsUsedOnceByItsApplicationBeforeItExpires(driver: StoreDriver) async throws {
        try await driver.withStore { store in
            let app = try await store.createApplication(try draft())
            let other = try await store.createApplication(try draft(name: "other"))
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            let request = pushedRequest("pushed", of: app, expiresAt: now + 60)
            #expect(try await store.savePushedRequest(request, unlessWaiting: 10))
            await #expect(throws: StoreError.self) { try await store.savePushedRequest(request, unlessWaiting: 10) }
            #expect(try await store.consumePushedRequest(digest: request.digest, applicationID: other.id, at: now) == nil)
            #expect(try await store.consumePushedRequest(digest: request.digest, applicationID: app.id, at: now + 1) == request)
            #expect(try await store.consumePushedRequest(digest: request.digest, applicationID: app.id, at: now + 2) == nil)
            #expect(try await store.consumePushedRequest(digest: TokenDigest(of: "unknown"), applicationID: app.id, at: now) == nil)

            let late = pushedRequest("late", of: app, expiresAt: now + 60)
            #expect(try await store.savePushedRequest(late, unlessWaiting: 10))
            #expect(try await store.consumePushedRequest(digest: late.digest, applicationID: app.id, at: now + 60) == nil)
        }
    }

    @Test(arguments: StoreDriver.available) func expiredPushedRequestsArePrunedAndGoWithTheirApplication(driver: StoreDriver) async throws {
        try await driver.withStore { store in
            let app = try await store.createApplication(try draft())
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            #expect(try await store.savePushedRequest(pushedRequest("old", of: app, expiresAt: now - 10), unlessWaiting: 10))
            let live = pushedRequest("live", of: app, expiresAt: now + 10)
            #expect(try await store.savePushedRequest(live, unlessWaiting: 10))
            let pruner = ExpiredRecordPruner(
                store: store, clock: WallClock { now }, retention: 0, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
            #expect(try await pruner.prune().records == 1)
            #expect(try await store.consumePushedRequest(digest: live.digest, applicationID: app.id, at: now) == live)

            let doomed = pushedRequest("doomed", of: app, expiresAt: now + 10)
            #expect(try await store.savePushedRequest(doomed, unlessWaiting: 10))
            #expect(try await store.deleteApplication(clientID: app.clientID))
            #expect(try await store.consumePushedRequest(digest: doomed.digest, applicationID: app.id, at: now) == nil)
        }
    }

    /// Single use is one conditional statement: of 50 uses through two instances, exactly one gets the request.
    @Test(arguments: StoreDriver.available) func ofFiftyParallelUsesOfAPushedRequestExactlyOneGetsIt(driver: StoreDriver) async throws {
        try await driver.withStores(2) { stores in
            try await warmUp(stores)
            let app = try await stores[0].createApplication(try draft())
            let request = pushedRequest("raced", of: app, expiresAt: .now + 60)
            #expect(try await stores[0].savePushedRequest(request, unlessWaiting: 10))
            let uses = try await withThrowingTaskGroup(of: Bool.self) { group in
                for attempt in 0..<50 {
                    let store = stores[attempt % 2]
                    group.addTask { try await store.consumePushedRequest(digest: request.digest, applicationID: app.id, at: .now) != nil }
                }
                return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
            }
            #expect(uses == 1)
        }
    }

    /// An application has at most so many unused, unexpired pushed requests; of concurrent pushes through two
    /// instances, no more than that many are kept.
    @Test(arguments: StoreDriver.available) func anApplicationHasABoundedNumberOfWaitingPushedRequests(driver: StoreDriver) async throws {
        try await driver.withStores(2) { stores in
            try await warmUp(stores)
            let app = try await stores[0].createApplication(try draft())
            let other = try await stores[0].createApplication(try draft(name: "other"))
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            #expect(try await stores[0].savePushedRequest(pushedRequest("expired", of: app, expiresAt: now), unlessWaiting: 2))
            let first = pushedRequest("first", of: app, expiresAt: now + 60)
            #expect(try await stores[0].savePushedRequest(first, unlessWaiting: 2), "an expired one does not count")
            #expect(try await stores[0].savePushedRequest(pushedRequest("second", of: app, expiresAt: now + 60), unlessWaiting: 2))
            #expect(try await stores[0].savePushedRequest(pushedRequest("third", of: app, expiresAt: now + 60), unlessWaiting: 2) == false)
            #expect(try await stores[0].savePushedRequest(pushedRequest("other", of: other, expiresAt: now + 60), unlessWaiting: 2))
            #expect(try await stores[0].consumePushedRequest(digest: first.digest, applicationID: app.id, at: now) != nil)
            #expect(try await stores[0].savePushedRequest(pushedRequest("third", of: app, expiresAt: now + 60), unlessWaiting: 2), "a used one does not count")

            let raced = try await stores[0].createApplication(try draft(name: "raced"))
            let kept = try await withThrowingTaskGroup(of: Bool.self) { group in
                for attempt in 0..<20 {
                    let store = stores[attempt % 2]
                    let request = pushedRequest("raced-\(attempt)", of: raced, expiresAt: now + 60)
                    group.addTask { try await store.savePushedRequest(request, unlessWaiting: 5) }
                }
                return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
            }
            #expect(kept == 5)
        }
    }

    /// RFC 9126 §6: the operator's requirement is kept, changed, announced and audited.
    @Test(arguments: StoreDriver.available) func anApplicationIsRequiredToPushOnlyWhenTheOperatorSaysSo(driver: StoreDriver) async throws {
        try await driver.withStore { store in
            let app = try await store.createApplication(try draft())
            #expect(!app.requiresPushedAuthorizationRequests)
            let before = try await store.changes(after: 0, limit: 1000).last?.sequence ?? 0
            #expect(try await store.setRequiresPushedAuthorizationRequests(true, clientID: app.clientID).requiresPushedAuthorizationRequests)
            #expect(try await store.application(clientID: app.clientID)?.requiresPushedAuthorizationRequests == true)
            #expect(try await store.changes(after: before, limit: 10).map(\.key) == [app.clientID])
            #expect(try await store.setRequiresPushedAuthorizationRequests(false, clientID: app.clientID).requiresPushedAuthorizationRequests == false)
            let trail = try await store.auditTrail(AuditQuery(clientSpaceID: app.clientSpaceID)).map(\.action)
            #expect(trail.contains(.pushedRequestsRequired) && trail.contains(.pushedRequestsOptional))
            await #expect(throws: StoreError.self) { try await store.setRequiresPushedAuthorizationRequests(true, clientID: "unknown") }
        }
    }
}
