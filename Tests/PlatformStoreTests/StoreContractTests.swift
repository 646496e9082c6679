import Crypto
import Foundation
import Logging
import OAuthCore
import PlatformServices
import PlatformStore
import PlatformStoreSQLite
import PlatformTesting
import Testing

/// The contract every `PlatformStore` driver satisfies (the rules written on `PlatformStore`, `ChangeFeed` and
/// `LimitCounterStore`). Each test runs against every driver available here (`StoreDriver.available`), on a fresh
/// database; the concurrent ones through two stores on one database, as two instances would.
@Suite struct StoreContractTests {
    let vault = CredentialVault(masterKey: SymmetricKey(size: .bits256))

    func draft(email: String = "dev@example.com", name: String = "app", subscriptions: [String] = []) throws -> ApplicationDraft {
        let (clientID, _, stored) = try vault.issueCredentials()
        return ApplicationDraft(
            email: email, name: name, clientID: clientID, credential: stored,
            redirectURIs: ["https://b.example/cb", "https://a.example/cb"], subscriptions: subscriptions)
    }

    @Test(arguments: StoreDriver.available) func oneClientSpacePerEmailAddress(driver: StoreDriver) async throws {
        try await driver.withStore { store in
            let first = try await store.createApplication(try draft(email: "dev@example.com", name: "one"))
            let second = try await store.createApplication(try draft(email: "dev@example.com", name: "two"))
            let other = try await store.createApplication(try draft(email: "other@example.com", name: "three"))
            #expect(first.clientSpaceID == second.clientSpaceID)
            #expect(first.clientSpaceID != other.clientSpaceID)
            #expect(try await store.applications().map(\.name) == ["one", "two", "three"])
            #expect(first.redirectURIs == ["https://a.example/cb", "https://b.example/cb"])
            #expect(first.status == .active)
        }
    }

    @Test(arguments: StoreDriver.available) func applicationsKeepTheirCredentialAndSubscriptions(driver: StoreDriver) async throws {
        try await driver.withStore { store in
            _ = try await store.createAPI(APIDraft(name: "poi", basePath: "/poi/v1", upstream: "http://127.0.0.1:9"))
            _ = try await store.createAPI(APIDraft(name: "cloud", basePath: "/cloud/v1", upstream: "http://127.0.0.1:9"))
            let created = try await store.createApplication(try draft(subscriptions: ["poi"]))
            #expect(created.subscriptions == ["poi"])
            let limits = Limits(rate: Allowance("5/second"), quota: Allowance("100/day"))
            let subscribed = try await store.subscribe(clientID: created.clientID, apiName: "cloud", limits: limits)
            #expect(subscribed.subscriptions == ["cloud", "poi"])
            #expect(subscribed.limitOverrides == ["cloud": limits])
            let changed = try await store.subscribe(clientID: created.clientID, apiName: "cloud", limits: Limits(quota: Allowance("7/month")))
            #expect(changed.limitOverrides == ["cloud": Limits(quota: Allowance("7/month"))])
            #expect(try await store.unsubscribe(clientID: created.clientID, apiName: "poi").subscriptions == ["cloud"])
            await #expect(throws: StoreError.self) { try await store.unsubscribe(clientID: created.clientID, apiName: "poi") }
            await #expect(throws: StoreError.self) { try await store.subscribe(clientID: created.clientID, apiName: "none", limits: .none) }
            await #expect(throws: StoreError.self) { try await store.createApplication(try draft(subscriptions: ["none"])) }

            #expect(created.credentialGeneration == 0)
            let (_, renewed) = try vault.renewSecret(for: created.clientID, replacing: created.credential)
            let afterRenewal = try await store.replaceCredential(renewed, clientID: created.clientID)
            #expect(afterRenewal.credential == renewed)
            #expect(afterRenewal.credentialGeneration == 1)
            #expect(try await store.revokeTokens(clientID: created.clientID).credentialGeneration == 2)
            #expect(try await store.application(clientID: created.clientID)?.credentialGeneration == 2)
            #expect(try await store.setStatus(.active, clientID: created.clientID).credentialGeneration == 2)
            #expect(try await store.setStatus(.suspended, clientID: created.clientID).status == .suspended)
            #expect(try await store.application(clientID: created.clientID)?.status == .suspended)
            #expect(try await store.application(clientID: "unknown") == nil)
            await #expect(throws: StoreError.self) { try await store.setStatus(.active, clientID: "unknown") }
        }
    }

    /// Issue 16, item 1: what an application registers for sign-out, replaced as a whole, in the feed and the trail.
    @Test(arguments: StoreDriver.available) func applicationsKeepWhatTheyRegisteredForSignOut(driver: StoreDriver) async throws {
        try await driver.withStore { store in
            let created = try await store.createApplication(try draft())
            #expect(created.logout == LogoutRegistration())
            let registration = LogoutRegistration(
                postLogoutRedirectURIs: ["https://b.example/bye", "https://a.example/bye"], backchannelLogoutURI: "https://a.example/logout")
            let changed = try await store.setLogout(registration, clientID: created.clientID)
            #expect(changed.logout.postLogoutRedirectURIs == ["https://a.example/bye", "https://b.example/bye"])
            #expect(changed.logout.backchannelLogoutURI == "https://a.example/logout")
            #expect(changed.redirectURIs == created.redirectURIs)
            #expect(try await store.application(clientID: created.clientID)?.logout == changed.logout)
            #expect(try await store.setLogout(LogoutRegistration(), clientID: created.clientID).logout == LogoutRegistration())
            #expect(try await store.changes(after: 0, limit: 100).filter { $0.key == created.clientID }.count == 3)
            await #expect(throws: StoreError.self) { try await store.setLogout(registration, clientID: "unknown") }
        }
    }

    /// Issue 16, item 2: the operator's leave to introspect tokens is kept, changed, announced and audited.
    @Test(arguments: StoreDriver.available) func anApplicationMayIntrospectOnlyWhenAllowed(driver: StoreDriver) async throws {
        try await driver.withStore { store in
            var allowedDraft = try draft(name: "resource server")
            allowedDraft.mayIntrospect = true
            #expect(try await store.createApplication(allowedDraft).mayIntrospect)
            let app = try await store.createApplication(try draft())
            #expect(!app.mayIntrospect)
            let before = try await store.changes(after: 0, limit: 1000).last?.sequence ?? 0
            #expect(try await store.setMayIntrospect(true, clientID: app.clientID).mayIntrospect)
            #expect(try await store.application(clientID: app.clientID)?.mayIntrospect == true)
            #expect(try await store.changes(after: before, limit: 10).map(\.key) == [app.clientID])
            #expect(try await store.setMayIntrospect(false, clientID: app.clientID).mayIntrospect == false)
            #expect(try await store.applications().map(\.mayIntrospect) == [true, false])
            let trail = try await store.auditTrail(AuditQuery(clientSpaceID: app.clientSpaceID)).map(\.action)
            #expect(trail.contains(.introspectionAllowed) && trail.contains(.introspectionDenied))
            await #expect(throws: StoreError.self) { try await store.setMayIntrospect(true, clientID: "none") }
        }
    }

    @Test(arguments: StoreDriver.available) func apiNamesAndBasePathsAreUnique(driver: StoreDriver) async throws {
        try await driver.withStore { store in
            let api = try await store.createAPI(APIDraft(name: "poi", basePath: "/poi/v1", upstream: "http://127.0.0.1:9"))
            #expect(api.status == .live)
            await #expect(throws: StoreError.self) {
                try await store.createAPI(APIDraft(name: "poi", basePath: "/other", upstream: "http://127.0.0.1:9"))
            }
            await #expect(throws: StoreError.self) {
                try await store.createAPI(APIDraft(name: "other", basePath: "/poi/v1", upstream: "http://127.0.0.1:9"))
            }
            var changed = api
            changed.upstream = "http://127.0.0.1:10"
            changed.status = .deprecated
            changed.limits = Limits(rate: Allowance("10/second"), quota: Allowance("1000/month"))
            changed.limitStatus = 429
            changed.scopes = ["poi:read", "poi:write"]
            #expect(api.limitFallback == .closed, "closed unless said otherwise (issue 11, item 4)")
            changed.limitFallback = .open
            let updated = try await store.updateAPI(changed)
            #expect(updated.scopes == ["poi:read", "poi:write"])
            #expect(updated.limitFallback == .open)
            #expect(try await store.api(named: "poi")?.limitFallback == .open)
            let open = try await store.createAPI(
                APIDraft(name: "open", basePath: "/open/v1", upstream: "http://127.0.0.1:9", limitFallback: .open))
            #expect(open.limitFallback == .open)
            #expect(updated.upstream == changed.upstream && updated.status == .deprecated && updated.limitStatus == 429)
            #expect(updated.limits == changed.limits)
            #expect(try await store.api(named: "poi")?.limits == changed.limits)
            #expect(try await store.apis().map(\.name) == ["open", "poi"])
        }
    }

    @Test(arguments: StoreDriver.available) func everyChangeIsInTheFeedInOrder(driver: StoreDriver) async throws {
        try await driver.withStore { store in
            #expect(try await store.latestChangeSequence() == 0)
            _ = try await store.createAPI(APIDraft(name: "poi", basePath: "/poi/v1", upstream: "http://127.0.0.1:9"))
            let app = try await store.createApplication(try draft())
            _ = try await store.setStatus(.suspended, clientID: app.clientID)
            let changes = try await store.changes(after: 0, limit: 10)
            #expect(changes.map(\.entity) == [.api, .application, .application])
            #expect(changes.map(\.key) == ["poi", app.clientID, app.clientID])
            #expect(changes.map(\.sequence) == changes.map(\.sequence).sorted())
            #expect(try await store.changes(after: changes[1].sequence, limit: 10) == [changes[2]])
            #expect(try await store.latestChangeSequence() == changes[2].sequence)
        }
    }

    @Test(arguments: StoreDriver.available) func oldChangesArePrunedButNeverTheNewest(driver: StoreDriver) async throws {
        try await driver.withStore { store in
            #expect(try await store.oldestChangeSequence() == 0)
            #expect(try await store.deleteChanges(before: .distantFuture) == 0)
            _ = try await store.createAPI(APIDraft(name: "poi", basePath: "/poi/v1", upstream: "http://127.0.0.1:9"))
            let app = try await store.createApplication(try draft())
            _ = try await store.setStatus(.suspended, clientID: app.clientID)
            let all = try await store.changes(after: 0, limit: 10)
            #expect(try await store.oldestChangeSequence() == all[0].sequence)
            #expect(try await store.deleteChanges(before: .distantPast) == 0)

            #expect(try await store.deleteChanges(before: .distantFuture) == 2)
            #expect(try await store.changes(after: 0, limit: 10) == [all[2]])
            #expect(try await store.oldestChangeSequence() == all[2].sequence)
            #expect(try await store.latestChangeSequence() == all[2].sequence)
            _ = try await store.setStatus(.active, clientID: app.clientID)
            #expect(try await store.latestChangeSequence() > all[2].sequence, "sequences keep growing")

            let pruner = ExpiredRecordPruner(
                store: store, clock: WallClock { .now + 86400 + 60 }, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
            #expect(try await pruner.prune().changes == 1, "a day later: all but the newest")
            #expect(try await store.changes(after: 0, limit: 10).count == 1)
        }
    }

    @Test(arguments: StoreDriver.available) func endUsersHaveUniqueNamesAndCanBeLocked(driver: StoreDriver) async throws {
        try await driver.withStore { store in
            let claims = EndUserClaims(email: "alice@example.com", name: "Alice Martin", phoneNumber: "+33612345678")
            let alice = try await store.createUser(username: "Alice", passwordHash: "$2b$04$hash", claims: claims)
            #expect(alice.claims == claims)
            #expect(!alice.locked)
            #expect(!alice.subject.isEmpty)
            await #expect(throws: StoreError.self) { try await store.createUser(username: "alice", passwordHash: "x", claims: .init()) }
            #expect(try await store.user(username: "ALICE")?.subject == alice.subject)
            let locked = try await store.setLocked(true, username: "alice")
            #expect(locked.locked && locked.subject == alice.subject)
            #expect(try await store.users().map(\.username) == ["Alice"])
            #expect(try await store.changes(after: 0, limit: 10).map(\.entity) == [.user, .user])
            await #expect(throws: StoreError.self) { try await store.setLocked(true, username: "nobody") }
        }
    }

    /// A user and an application to consent to.
    func consentParties(_ store: any PlatformStore) async throws -> (EndUser, ClientApplication) {
        let user = try await store.createUser(username: "alice", passwordHash: "$2b$04$hash", claims: .init())
        return (user, try await store.createApplication(try draft()))
    }

    @Test(arguments: StoreDriver.available) func aGrantIsOnePerUserAndApplicationAndOnlyWidens(driver: StoreDriver) async throws {
        try await driver.withStore { store in
            let (user, app) = try await consentParties(store)
            #expect(try await store.grant(userSubject: user.subject, applicationID: app.id) == nil)
            let first = try await store.saveGrant(userSubject: user.subject, applicationID: app.id, scope: ["openid", "profile"])
            let second = try await store.saveGrant(userSubject: user.subject, applicationID: app.id, scope: ["email", "openid"])
            #expect(second.id == first.id)
            #expect(second.scope == ["openid", "profile", "email"])
            #expect(try await store.grant(userSubject: user.subject, applicationID: app.id) == second)
            #expect(try await store.changes(after: 0, limit: 10).filter { $0.entity == .grant }.count == 2)
        }
    }

    @Test(arguments: StoreDriver.available) func aCodeIsRedeemedOnceAndAReplayRevokesItsGrantsTokens(driver: StoreDriver) async throws {
        try await driver.withStore { store in
            let (user, app) = try await consentParties(store)
            let grant = try await store.saveGrant(userSubject: user.subject, applicationID: app.id, scope: ["openid"])
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            let code = AuthorizationCode(
                digest: TokenDigest(of: "the-code"), grantID: grant.id, redirectURI: "https://a.example/cb", scope: ["openid"],
                codeChallenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", nonce: "n-0S6_WzA2Mj", authTime: now,
                sessionID: "the-browser-session", issuedAt: now, expiresAt: now + 600)
            try await store.saveCode(code)
            let token = IssuedToken(
                digest: TokenDigest(of: "from-the-code"), applicationID: app.id, kind: .access, grantID: grant.id, issuedAt: now,
                expiresAt: now + 3600)
            try await store.saveToken(token)

            #expect(try await store.redeemCode(digest: code.digest, at: now + 1) == .redeemed(code, grantGeneration: 0))
            #expect(try await store.redeemCode(digest: code.digest, at: now + 30) == .replayed(grantID: grant.id))
            #expect(try await store.grant(id: grant.id)?.generation == 1)
            #expect(try await store.token(digest: token.digest)?.revokedAt == now + 30)
            #expect(try await store.redeemCode(digest: TokenDigest(of: "no-such-code"), at: now) == .unknown)

            var late = code
            late.digest = TokenDigest(of: "late-code")
            try await store.saveCode(late)
            #expect(try await store.redeemCode(digest: late.digest, at: now + 600) == .expired)
        }
    }

    @Test(arguments: StoreDriver.available) func aWithdrawnGrantTakesItsCodesAndTokensWithIt(driver: StoreDriver) async throws {
        try await driver.withStore { store in
            let (user, app) = try await consentParties(store)
            let grant = try await store.saveGrant(userSubject: user.subject, applicationID: app.id, scope: ["openid", "offline_access"])
            #expect(try await store.grant(id: grant.id) == grant)
            #expect(try await store.grants(userSubject: user.subject) == [grant])
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            let code = AuthorizationCode(
                digest: TokenDigest(of: "pending"), grantID: grant.id, redirectURI: "https://a.example/cb", scope: ["openid"],
                codeChallenge: nil, nonce: nil, acr: "1", authTime: now, issuedAt: now, expiresAt: .distantFuture)
            try await store.saveCode(code)
            let refresh = IssuedToken(
                digest: TokenDigest(of: "refresh"), applicationID: app.id, kind: .refresh, grantID: grant.id, scope: "openid",
                issuedAt: now, expiresAt: now + 86400)
            try await store.saveToken(refresh)
            let sequence = try await store.latestChangeSequence()

            #expect(try await store.revokeGrant(id: grant.id))
            #expect(try await store.grant(id: grant.id) == nil)
            #expect(try await store.grants(userSubject: user.subject).isEmpty)
            #expect(try await store.token(digest: refresh.digest)?.revokedAt != nil)
            #expect(try await store.redeemCode(digest: code.digest, at: now) == .unknown)
            #expect(try await store.changes(after: sequence, limit: 10).map(\.entity) == [.grant])
            #expect(try await store.revokeGrant(id: grant.id) == false)
        }
    }

    @Test(arguments: StoreDriver.available) func revokingAGrantsTokensIncrementsItsGenerationAndARedemptionReadsIt(driver: StoreDriver) async throws {
        try await driver.withStore { store in
            let (user, app) = try await consentParties(store)
            let grant = try await store.saveGrant(userSubject: user.subject, applicationID: app.id, scope: ["openid"])
            #expect(grant.generation == 0)
            try await store.revokeTokens(grantID: grant.id)
            try await store.revokeTokens(grantID: grant.id)
            #expect(try await store.grant(id: grant.id)?.generation == 2)
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            let code = AuthorizationCode(
                digest: TokenDigest(of: "after-sign-out"), grantID: grant.id, redirectURI: "https://a.example/cb", scope: ["openid"],
                codeChallenge: nil, nonce: nil, authTime: now, issuedAt: now, expiresAt: now + 600)
            try await store.saveCode(code)
            #expect(try await store.redeemCode(digest: code.digest, at: now + 1) == .redeemed(code, grantGeneration: 2))
            #expect(try await store.saveGrant(userSubject: user.subject, applicationID: app.id, scope: ["email"]).generation == 2)
        }
    }

    @Test(arguments: StoreDriver.available) func lockingAUserRevokesTheirTokensAndAReplayDatesTheGrant(driver: StoreDriver) async throws {
        try await driver.withStore { store in
            let (user, app) = try await consentParties(store)
            let grant = try await store.saveGrant(userSubject: user.subject, applicationID: app.id, scope: ["openid"])
            let token = IssuedToken(
                digest: TokenDigest(of: "user-token"), applicationID: app.id, kind: .access, grantID: grant.id, issuedAt: .now,
                expiresAt: .now + 3600)
            try await store.saveToken(token)
            #expect(try await store.user(subject: user.subject)?.username == "alice")
            #expect(try await store.setLocked(true, username: "alice").locked)
            #expect(try await store.token(digest: token.digest)?.revokedAt != nil)
            #expect(try await store.grant(id: grant.id)?.generation == 1)
            #expect(try await store.setLocked(false, username: "alice").locked == false)
            #expect(try await store.token(digest: token.digest)?.revokedAt != nil, "unlocking brings no token back")

            let updated = try await store.setRedirectURIs(["https://b.example/cb", "https://c.example/cb"], clientID: app.clientID)
            #expect(Set(updated.redirectURIs) == ["https://b.example/cb", "https://c.example/cb"])
        }
    }

    @Test(arguments: StoreDriver.available) func expiredTokensAndCodesAreDeletedAndNothingElse(driver: StoreDriver) async throws {
        try await driver.withStore { store in
            let (user, app) = try await consentParties(store)
            let grant = try await store.saveGrant(userSubject: user.subject, applicationID: app.id, scope: ["openid"])
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            for (name, expiry) in [("old", now - 10), ("live", now + 10)] {
                try await store.saveToken(
                    IssuedToken(digest: TokenDigest(of: name), applicationID: app.id, kind: .access, issuedAt: now - 100, expiresAt: expiry))
                try await store.saveCode(
                    AuthorizationCode(
                        digest: TokenDigest(of: "code-" + name), grantID: grant.id, redirectURI: "https://a.example/cb", scope: ["openid"],
                        codeChallenge: nil, nonce: nil, authTime: now, issuedAt: now - 100, expiresAt: expiry))
            }
            let pruner = ExpiredRecordPruner(
                store: store, clock: WallClock { now }, retention: 0, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
            #expect(try await pruner.prune().records == 2)
            #expect(try await store.token(digest: TokenDigest(of: "old")) == nil)
            #expect(try await store.token(digest: TokenDigest(of: "live")) != nil)
            #expect(try await store.redeemCode(digest: TokenDigest(of: "code-live"), at: now) != .unknown)
            #expect(try await store.grant(id: grant.id) != nil)
            #expect(try await pruner.prune().records == 0)
        }
    }

    /// Counters of ended windows go with the pruner, so that keys a guesser invents do not pile up.
    @Test(arguments: StoreDriver.available) func theCountersOfEndedWindowsArePruned(driver: StoreDriver) async throws {
        try await driver.withStore { store in
            _ = try await store.addToLimitCounter(key: "sign-in-user:mallory", period: .second, amount: 1, limit: .max)
            _ = try await store.addToLimitCounter(key: "quota:app:poi", period: .day, amount: 1, limit: .max)
            let pruner = ExpiredRecordPruner(
                store: store, clock: WallClock { Date() + 5 }, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
            #expect(try await pruner.prune().counters == 1)
            #expect(try await store.limitCounters(endingAfter: .distantPast).map(\.key) == ["quota:app:poi"])
        }
    }

    /// Single use is one conditional statement: of 50 redemptions through two instances, exactly one succeeds.
    @Test(arguments: StoreDriver.available) func ofFiftyParallelRedemptionsExactlyOneSucceeds(driver: StoreDriver) async throws {
        try await driver.withStores(2) { stores in
            let (first, second) = (stores[0], stores[1])
            try await warmUp(stores)
            let (user, app) = try await consentParties(first)
            let grant = try await first.saveGrant(userSubject: user.subject, applicationID: app.id, scope: ["openid"])
            let code = AuthorizationCode(
                digest: TokenDigest(of: "raced"), grantID: grant.id, redirectURI: "https://a.example/cb", scope: ["openid"],
                codeChallenge: nil, nonce: nil, authTime: .now, issuedAt: .now, expiresAt: .now + 600)
            try await first.saveCode(code)
            let outcomes = try await withThrowingTaskGroup(of: CodeRedemption.self) { group in
                for attempt in 0..<50 {
                    let store: any PlatformStore = attempt.isMultiple(of: 2) ? first : second
                    group.addTask { try await store.redeemCode(digest: code.digest, at: .now) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { if case .redeemed = $0 { true } else { false } }.count == 1)
            #expect(outcomes.filter { $0 == .replayed(grantID: grant.id) }.count == 49)
        }
    }

    @Test(arguments: StoreDriver.available) func tokensAreFoundByDigest(driver: StoreDriver) async throws {
        try await driver.withStore { store in
            let app = try await store.createApplication(try draft())
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            let token = IssuedToken(
                digest: TokenDigest(of: "the-token"), applicationID: app.id, kind: .access, credentialGeneration: 3,
                grantGeneration: 2, issuedAt: now, expiresAt: now + 3600)
            try await store.saveToken(token)
            #expect(try await store.token(digest: TokenDigest(of: "the-token")) == token)
            #expect(try await store.token(digest: TokenDigest(of: "another")) == nil)
            await #expect(throws: (any Error).self) { try await store.saveToken(token) }

            // The tokens of one answer: all saved, or none.
            var access = token, refresh = token
            access.digest = TokenDigest(of: "access")
            refresh.digest = TokenDigest(of: "refresh")
            refresh.kind = .refresh
            // When its user signed in (issue 12, item 4): kept to the stored precision, and nil stays nil.
            refresh.authTime = now - 42.25
            // The key a DPoP-bound token is bound to (issue 16, item 4).
            access.dpopKeyThumbprint = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"
            await #expect(throws: (any Error).self) { try await store.saveTokens([access, token]) }
            #expect(try await store.token(digest: access.digest) == nil)
            try await store.saveTokens([access, refresh])
            #expect(try await store.token(digest: refresh.digest) == refresh)
            #expect(try await store.token(digest: access.digest) == access)
            #expect(try await store.token(digest: refresh.digest)?.dpopKeyThumbprint == nil)

            // Tokens issued at once share commits (issue 15, item 2); each caller returns once its token is saved.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<200 {
                    var concurrent = token
                    concurrent.digest = TokenDigest(of: "concurrent-\(index)")
                    group.addTask {
                        try await store.saveToken(concurrent)
                        #expect(try await store.token(digest: concurrent.digest) == concurrent)
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test func theDatabaseFilesHoldNoTokenNorSecret() async throws {
        let directory = TemporaryDirectory()
        let store = try SQLitePlatformStore(path: directory.path + "/copy.sqlite")
        let (clientID, secret, stored) = try vault.issueCredentials()
        let app = try await store.createApplication(
            ApplicationDraft(email: "a@example.com", name: "a", clientID: clientID, credential: stored, redirectURIs: [], subscriptions: []))
        let token = "tok" + String(repeating: "X", count: 40)
        try await store.saveToken(
            IssuedToken(digest: TokenDigest(of: token), applicationID: app.id, kind: .access, issuedAt: .now, expiresAt: .now + 60))
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: directory.path + "/" + file))
            #expect(bytes.range(of: Data(token.utf8)) == nil, "token found in \(file)")
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "secret found in \(file)")
        }
    }

    @Test(arguments: StoreDriver.available) func theFollowerSeesChangesMadeThroughAnotherConnection(driver: StoreDriver) async throws {
        try await driver.withStores(2) { stores in
            let (serverStore, otherProcessStore) = (stores[0], stores[1])
            let directory = PlatformDirectory()
            let follower = ChangeFeedFollower(store: serverStore, directory: directory, interval: .seconds(1), logger: .init(label: "test"))
            _ = try await otherProcessStore.createAPI(APIDraft(name: "poi", basePath: "/poi/v1", upstream: "http://127.0.0.1:9"))
            let app = try await otherProcessStore.createApplication(try draft(subscriptions: ["poi"]))
            try await follower.loadAll()
            #expect(directory.application(clientID: app.clientID)?.status == .active)
            #expect(directory.hasUsableSubscription(directory.application(clientID: app.clientID)!))

            _ = try await otherProcessStore.setStatus(.suspended, clientID: app.clientID)
            let late = try await otherProcessStore.createApplication(try draft(name: "late"))
            #expect(directory.application(clientID: app.clientID)?.status == .active)
            try await follower.catchUp()
            #expect(directory.application(clientID: app.clientID)?.status == .suspended)
            #expect(directory.application(clientID: late.clientID)?.name == "late")
        }
    }
}
