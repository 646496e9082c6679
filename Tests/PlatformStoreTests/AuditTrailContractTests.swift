import Foundation
import Logging
import OAuthCore
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

/// The contract of the audit trail (issue 13, item 3) on every driver available (`StoreDriver.available`): each change
/// to an application or a client space writes its entry in its own transaction, by the current actor; a change that
/// fails writes none; the trail is read by client space, application and time, outlives its applications, and is
/// pruned after a year.
@Suite struct AuditTrailContractTests {
    let platform = StoreContractTests()
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let developer = AuditActor(kind: .developer, name: "dev@example.com", address: "203.0.113.7")
    let admin = AuditActor(kind: .operator, name: "ops")

    @Test(arguments: StoreDriver.available) func eachChangeWritesItsEntryByTheCurrentActor(driver: StoreDriver) async throws {
        try await driver.withStore(clock: WallClock { now }) { store in
            _ = try await store.createAPI(APIDraft(name: "poi", basePath: "/poi/v1", upstream: "http://127.0.0.1:9"))
            _ = try await store.createAPI(APIDraft(name: "sms", basePath: "/sms/v1", upstream: "http://127.0.0.1:9"))
            let app = try await AuditActor.$current.withValue(developer) { try await store.createApplication(try platform.draft(name: "Mine")) }
            try await AuditActor.$current.withValue(developer) {
                _ = try await store.updateApplication(clientID: app.clientID, name: "Renamed", description: "")
                _ = try await store.setRedirectURIs(["https://b.example/cb", "https://a.example/cb"], clientID: app.clientID)
                try await store.recordAudit(AuditEvent(.secretRevealed), clientID: app.clientID)
                _ = try await store.requestSubscription(
                    SubscriptionRequest(clientID: app.clientID, apiName: "sms", status: .pending, termsVersion: nil, acceptedBy: "dev@example.com"))
            }
            try await AuditActor.$current.withValue(admin) {
                _ = try await store.subscribe(clientID: app.clientID, apiName: "poi", limits: Limits(rate: Allowance("10/second")))
                let pending = try #require(try await store.pendingSubscriptions().first)
                _ = try await store.decideSubscription(id: pending.id, approve: false, reason: "Not yet.")
                _ = try await store.setStatus(.suspended, clientID: app.clientID)
                _ = try await store.setStatus(.active, clientID: app.clientID)
                _ = try await store.revokeTokens(clientID: app.clientID)
                try await store.setInternal(true, email: "DEV@example.com")
            }
            _ = try await store.unsubscribe(clientID: app.clientID, apiName: "poi")

            let trail = try await store.auditTrail(AuditQuery(clientSpaceID: app.clientSpaceID))
            #expect(
                trail.map(\.action) == [
                    .unsubscribed, .spaceMarkedInternal, .tokensRevoked, .resumed, .suspended, .subscriptionRejected, .subscribed,
                    .subscriptionRequested, .secretRevealed, .redirectURIsChanged, .edited, .created,
                ])
            #expect(trail.allSatisfy { $0.at == now && $0.clientSpaceID == app.clientSpaceID })
            #expect(trail.map(\.actor) == [.system] + Array(repeating: admin, count: 6) + Array(repeating: developer, count: 5))
            #expect(trail.filter { $0.action != .spaceMarkedInternal }.allSatisfy { $0.clientID == app.clientID })
            #expect(trail[1].clientID == nil, "a change to the space itself")
            #expect(
                trail.map(\.detail) == [
                    "poi", nil, nil, nil, nil, "sms: Not yet.", "poi (rate 10/second)", "sms", nil, "https://a.example/cb https://b.example/cb",
                    "Renamed", "Mine",
                ])
        }
    }

    @Test(arguments: StoreDriver.available) func aChangeThatFailsWritesNoEntry(driver: StoreDriver) async throws {
        try await driver.withStore { store in
            let app = try await store.createApplication(try platform.draft())
            let before = try await store.auditTrail(AuditQuery())
            #expect(await storeError { try await store.subscribe(clientID: app.clientID, apiName: "nope", limits: .none) }?.isNotFound == true)
            #expect(await storeError { try await store.unsubscribe(clientID: app.clientID, apiName: "nope") }?.isNotFound == true)
            #expect(await storeError { try await store.setStatus(.suspended, clientID: "unknown") }?.isNotFound == true)
            #expect(await storeError { try await store.recordAudit(AuditEvent(.secretRevealed), clientID: "unknown") }?.isNotFound == true)
            #expect(await storeError { try await store.setInternal(true, email: "nobody@example.com") }?.isNotFound == true)
            #expect(try await store.deleteApplication(clientID: "unknown") == false)
            #expect(try await store.auditTrail(AuditQuery()) == before)
        }
    }

    @Test(arguments: StoreDriver.available) func theTrailIsReadBySpaceApplicationAndTimeAndOutlivesItsApplications(driver: StoreDriver) async throws {
        let clock = ManualClock(now)
        try await driver.withStore(clock: clock.clock) { store in
            let first = try await store.createApplication(try platform.draft(name: "first"))
            clock.advance(by: 60)
            let second = try await store.createApplication(try platform.draft(name: "second"))
            let elsewhere = try await store.createApplication(try platform.draft(email: "other@example.com", name: "elsewhere"))
            clock.advance(by: 60)
            #expect(try await store.deleteApplication(clientID: first.clientID))

            let space = try await store.auditTrail(AuditQuery(clientSpaceID: first.clientSpaceID))
            #expect(space.map { [$0.action.rawValue, $0.clientID] } == [["deleted", first.clientID], ["created", second.clientID], ["created", first.clientID]])
            #expect(space[0].detail == "first" && space[0].at == now + 120)
            #expect(try await store.auditTrail(AuditQuery(clientID: first.clientID)).map(\.action) == [.deleted, .created])
            #expect(try await store.auditTrail(AuditQuery(clientSpaceID: first.clientSpaceID, since: now + 60)).count == 2)
            #expect(try await store.auditTrail(AuditQuery(clientSpaceID: first.clientSpaceID, limit: 1)).map(\.action) == [.deleted])
            #expect(try await store.auditTrail(AuditQuery(clientSpaceID: elsewhere.clientSpaceID)).map(\.clientID) == [elsewhere.clientID])
            #expect(try await store.auditTrail(AuditQuery(clientID: second.clientID, since: now + 61)).isEmpty)
            #expect(try await store.auditTrail(AuditQuery(since: now + 60)).count == 3)
        }
    }

    /// RFC 6749 §4.1.2: a code used twice revokes its grant's tokens; the platform did it, from the request's address.
    @Test(arguments: StoreDriver.available) func aReplayedCodeAndAWithdrawnConsentAreInTheApplicationsTrail(driver: StoreDriver) async throws {
        try await driver.withStore(clock: WallClock { now }) { store in
            let app = try await store.createApplication(try platform.draft())
            let user = try await store.createUser(username: "alice", passwordHash: "$2b$04$hash", claims: .init())
            let grant = try await store.saveGrant(userSubject: user.subject, applicationID: app.id, scope: ["openid"])
            let code = AuthorizationCode(
                digest: TokenDigest(of: "the-code"), grantID: grant.id, redirectURI: "https://a.example/cb", scope: ["openid"],
                codeChallenge: nil, nonce: nil, authTime: now, issuedAt: now, expiresAt: .distantFuture)
            try await store.saveCode(code)
            let replayer = AuditActor.system(from: "198.51.100.9")
            let redemptions = try await AuditActor.$current.withValue(replayer) {
                [try await store.redeemCode(digest: code.digest, at: now), try await store.redeemCode(digest: code.digest, at: now)]
            }
            #expect(redemptions == [.redeemed(code, grantGeneration: 0), .replayed(grantID: grant.id)])
            #expect(try await AuditActor.$current.withValue(.user("alice")) { try await store.revokeGrant(id: grant.id) })
            #expect(try await store.revokeGrant(id: grant.id) == false)

            let trail = try await store.auditTrail(AuditQuery(clientID: app.clientID))
            #expect(trail.map(\.action) == [.consentWithdrawn, .grantRevokedByReplayedCode, .created], "one entry per replay, none per redemption")
            #expect(trail[1].actor == replayer && trail[0].actor == AuditActor(kind: .user, name: "alice"))
        }
    }

    @Test(arguments: StoreDriver.available) func entriesOlderThanAYearArePruned(driver: StoreDriver) async throws {
        let clock = ManualClock(now)
        try await driver.withStore(clock: clock.clock) { store in
            let app = try await store.createApplication(try platform.draft())
            clock.advance(by: 86400)
            _ = try await store.setStatus(.suspended, clientID: app.clientID)
            clock.advance(by: ExpiredRecordPruner.auditRetention)
            let pruner = ExpiredRecordPruner(store: store, clock: clock.clock, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
            #expect(try await pruner.prune().auditEntries == 1, "the creation, a year and a day ago")
            #expect(try await store.auditTrail(AuditQuery()).map(\.action) == [.suspended])
            #expect(try await pruner.prune().auditEntries == 0)
        }
    }
}
