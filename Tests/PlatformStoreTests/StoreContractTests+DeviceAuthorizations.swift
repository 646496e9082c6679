import Foundation
import Logging
import OAuthCore
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

/// RFC 8628's device authorizations (issue 16, item 6), on every driver.
extension StoreContractTests {
    static let deviceTime = Date(timeIntervalSince1970: 1_800_000_000)

    func pendingDevice(_ application: ClientApplication, code: String = "device-code", userCode: String = "BCDFGHJK") -> DeviceAuthorization {
        DeviceAuthorization(
            deviceCodeDigest: TokenDigest(of: code), userCode: userCode, applicationID: application.id, scope: ["openid", "offline_access"],
            interval: 5, issuedAt: Self.deviceTime, expiresAt: Self.deviceTime + 600)
    }

    @Test(arguments: StoreDriver.available) func aDeviceAuthorizationIsFoundByItsUserCodeUntilDecidedOrExpired(driver: StoreDriver) async throws {
        try await driver.withStore { store in
            let (user, app) = try await consentParties(store)
            let device = pendingDevice(app)
            try await store.saveDeviceAuthorization(device)
            #expect(try await store.pendingDeviceAuthorization(userCode: "BCDFGHJK", at: Self.deviceTime + 1) == device)
            #expect(try await store.pendingDeviceAuthorization(userCode: "BCDFGHJK", at: Self.deviceTime + 600) == nil, "expired")
            #expect(try await store.pendingDeviceAuthorization(userCode: "BCDFGHJL", at: Self.deviceTime) == nil)
            await #expect(throws: StoreError.self, "a user code is unique") {
                try await store.saveDeviceAuthorization(pendingDevice(app, code: "another-device"))
            }

            let grant = try await store.saveGrant(userSubject: user.subject, applicationID: app.id, scope: ["openid"])
            let approval = DeviceApproval(
                userSubject: user.subject, grantID: grant.id, grantGeneration: 0, scope: ["openid"], authTime: Self.deviceTime,
                sessionID: "the-browser-session")
            #expect(try await store.decideDeviceAuthorization(userCode: "BCDFGHJK", approval: approval, at: Self.deviceTime + 2))
            #expect(try await store.pendingDeviceAuthorization(userCode: "BCDFGHJK", at: Self.deviceTime + 3) == nil)
            #expect(try await !store.decideDeviceAuthorization(userCode: "BCDFGHJK", approval: nil, at: Self.deviceTime + 3), "decided once")

            #expect(try await store.pollDeviceAuthorization(digest: device.deviceCodeDigest, applicationID: "other", at: Self.deviceTime + 4) == .unknown)
            var consumed = device
            consumed.status = .consumed
            consumed.approval = approval
            consumed.lastPolledAt = Self.deviceTime + 5
            #expect(try await store.pollDeviceAuthorization(digest: device.deviceCodeDigest, applicationID: app.id, at: Self.deviceTime + 5) == .approved(consumed))
            #expect(try await store.pollDeviceAuthorization(digest: device.deviceCodeDigest, applicationID: app.id, at: Self.deviceTime + 20) == .consumed)
        }
    }

    /// RFC 8628 §3.5: a poll sooner than the interval after the previous one slows down, by 5 more seconds each time.
    @Test(arguments: StoreDriver.available) func pollsFasterThanTheIntervalSlowDownAndADenialIsKept(driver: StoreDriver) async throws {
        try await driver.withStore { store in
            let (_, app) = try await consentParties(store)
            let device = pendingDevice(app)
            try await store.saveDeviceAuthorization(device)
            func poll(_ seconds: TimeInterval) async throws -> DevicePoll {
                try await store.pollDeviceAuthorization(digest: device.deviceCodeDigest, applicationID: app.id, at: Self.deviceTime + seconds)
            }
            #expect(try await poll(1) == .pending)
            #expect(try await poll(6) == .pending)
            #expect(try await poll(7) == .slowDown(interval: 10))
            #expect(try await poll(16) == .slowDown(interval: 15), "10 s after 7 is 17")
            #expect(try await poll(31) == .pending)
            #expect(try await store.decideDeviceAuthorization(userCode: device.userCode, approval: nil, at: Self.deviceTime + 32))
            #expect(try await poll(50) == .denied)
            #expect(try await poll(600) == .expired)
        }
    }

    /// Of 20 polls of an approved device code through two instances, exactly one gets the approval.
    @Test(arguments: StoreDriver.available) func ofTwentyParallelPollsOfAnApprovedDeviceExactlyOneGetsIt(driver: StoreDriver) async throws {
        try await driver.withStores(2) { stores in
            try await warmUp(stores)
            let (user, app) = try await consentParties(stores[0])
            let grant = try await stores[0].saveGrant(userSubject: user.subject, applicationID: app.id, scope: ["openid"])
            let device = pendingDevice(app)
            try await stores[0].saveDeviceAuthorization(device)
            let approval = DeviceApproval(
                userSubject: user.subject, grantID: grant.id, grantGeneration: 0, scope: ["openid"], authTime: Self.deviceTime, sessionID: nil)
            #expect(try await stores[1].decideDeviceAuthorization(userCode: device.userCode, approval: approval, at: Self.deviceTime))
            let polls = try await withThrowingTaskGroup(of: DevicePoll.self) { group in
                for attempt in 0..<20 {
                    let store = stores[attempt % 2]
                    group.addTask { try await store.pollDeviceAuthorization(digest: device.deviceCodeDigest, applicationID: app.id, at: Self.deviceTime + 1) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(polls.filter { if case .approved = $0 { true } else { false } }.count == 1)
            #expect(polls.filter { $0 == .consumed }.count == 19)
        }
    }

    @Test(arguments: StoreDriver.available) func expiredDeviceAuthorizationsArePrunedAndGoWithTheirApplication(driver: StoreDriver) async throws {
        try await driver.withStore { store in
            let (_, app) = try await consentParties(store)
            var old = pendingDevice(app, code: "old", userCode: "BBBBBBBB")
            old.expiresAt = Self.deviceTime - 10
            try await store.saveDeviceAuthorization(old)
            let live = pendingDevice(app, code: "live", userCode: "CCCCCCCC")
            try await store.saveDeviceAuthorization(live)
            let pruner = ExpiredRecordPruner(
                store: store, clock: WallClock { Self.deviceTime }, retention: 0,
                logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
            #expect(try await pruner.prune().records == 1)
            #expect(try await store.pollDeviceAuthorization(digest: old.deviceCodeDigest, applicationID: app.id, at: Self.deviceTime) == .unknown)
            #expect(try await store.pollDeviceAuthorization(digest: live.deviceCodeDigest, applicationID: app.id, at: Self.deviceTime) == .pending)
            #expect(try await store.deleteApplication(clientID: app.clientID))
            #expect(try await store.pollDeviceAuthorization(digest: live.deviceCodeDigest, applicationID: app.id, at: Self.deviceTime + 10) == .unknown)
        }
    }
}
