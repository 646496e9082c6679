import Foundation
import Logging
import OAuthCore
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

/// The contract of the developer portal's records (issue 12), written on `DeveloperStore` and on the new
/// `ApplicationStore` and `EndUserStore` methods. Each test runs against every driver available here
/// (`StoreDriver.available`), on a fresh database; the concurrent one through two stores on one database, as two
/// instances would.
@Suite struct PortalStoreContractTests {
    /// The application drafts and the warm-up of the platform's contract tests.
    let platform = StoreContractTests()
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func signUp(_ store: any PlatformStore, email: String = "dev@example.com") async throws -> Developer {
        try await store.createDeveloper(DeveloperDraft(email: email, name: "Dev Eloper", passwordHash: "$2b$04$hash", termsVersion: "2026-01"))
    }

    /// Seed 002: "only one client space can be associated with one email address".
    @Test(arguments: StoreDriver.available) func oneClientSpaceAndOneDeveloperPerEmailAddress(driver: StoreDriver) async throws {
        try await driver.withStore { store in
            let app = try await store.createApplication(try platform.draft(email: "dev@example.com"))
            let developer = try await signUp(store)
            #expect(developer.clientSpaceID == app.clientSpaceID, "the operator's `app create --email` made the space")
            #expect(developer.email == "dev@example.com" && developer.name == "Dev Eloper")
            #expect(developer.emailVerifiedAt == nil && developer.termsVersion == "2026-01")
            let user = try #require(try await store.user(subject: developer.subject))
            #expect(user.username == "dev@example.com" && user.passwordHash == "$2b$04$hash")
            #expect(user.claims == EndUserClaims(email: "dev@example.com", name: "Dev Eloper"))
            #expect(try await store.changes(after: 0, limit: 10).last.map { [$0.entity.rawValue, $0.key] } == ["user", developer.subject])
            #expect(try await store.developer(subject: developer.subject) == developer)
            #expect(try await store.developer(email: "DEV@Example.com") == developer)
            #expect(try await store.developer(email: "nobody@example.com") == nil)

            let again = await storeError { try await signUp(store, email: "Dev@EXAMPLE.com") }
            #expect(again?.isConflict == true)
            _ = try await store.createUser(username: "alice@example.com", passwordHash: "$2b$04$hash", claims: .init())
            let taken = await storeError { try await signUp(store, email: "alice@example.com") }
            #expect(taken?.isConflict == true, "an end user's username already")
            #expect(try await store.developer(email: "alice@example.com") == nil)

            let other = try await signUp(store, email: "other@example.com")
            #expect(other.clientSpaceID != developer.clientSpaceID)
            #expect(try await store.applications(clientSpaceID: other.clientSpaceID).isEmpty)
        }
    }

    @Test(arguments: StoreDriver.available) func verifyingAnAddressKeepsTheFirstTime(driver: StoreDriver) async throws {
        try await driver.withStore { store in
            let developer = try await signUp(store)
            #expect(try await store.markEmailVerified(subject: developer.subject, at: now).emailVerifiedAt == now)
            #expect(try await store.markEmailVerified(subject: developer.subject, at: now + 60).emailVerifiedAt == now)
            #expect(try await store.developer(subject: developer.subject)?.emailVerifiedAt == now)
            let unknown = await storeError { try await store.markEmailVerified(subject: "nobody", at: now) }
            #expect(unknown?.isNotFound == true)
        }
    }

    /// A link works once: of 50 redemptions through two instances, exactly one returns the subject; an expired link,
    /// or one of another purpose, none; the pruner deletes expired links.
    @Test(arguments: StoreDriver.available) func aLinkWorksOnce(driver: StoreDriver) async throws {
        try await driver.withStores(2) { stores in
            let (first, second) = (stores[0], stores[1])
            try await platform.warmUp(stores)
            let developer = try await signUp(first)
            func link(_ token: String, _ purpose: SingleUseLink.Purpose, expiresAt: Date) -> SingleUseLink {
                SingleUseLink(digest: TokenDigest(of: token), purpose: purpose, subject: developer.subject, createdAt: now, expiresAt: expiresAt)
            }
            try await first.saveLink(link("raced", .emailVerification, expiresAt: now + 86400))
            let subjects = try await withThrowingTaskGroup(of: String?.self) { group in
                for attempt in 0..<50 {
                    let store = attempt.isMultiple(of: 2) ? first : second
                    group.addTask { try await store.redeemLink(digest: TokenDigest(of: "raced"), purpose: .emailVerification, at: now) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(subjects.compactMap { $0 } == [developer.subject])

            try await first.saveLink(link("late", .passwordReset, expiresAt: now + 10))
            #expect(try await first.redeemLink(digest: TokenDigest(of: "late"), purpose: .passwordReset, at: now + 10) == nil, "expired")
            try await first.saveLink(link("reset", .passwordReset, expiresAt: now + 3600))
            #expect(try await first.redeemLink(digest: TokenDigest(of: "reset"), purpose: .emailVerification, at: now) == nil)
            #expect(try await first.redeemLink(digest: TokenDigest(of: "reset"), purpose: .passwordReset, at: now) == developer.subject)
            #expect(try await first.redeemLink(digest: TokenDigest(of: "unknown"), purpose: .passwordReset, at: now) == nil)
            #expect(try await first.deleteExpired(before: now + 60) == 1, "the expired link")
        }
    }

    /// A pending or rejected subscription is not a subscription for the gateway and the token endpoints; every
    /// decision is in the change feed.
    @Test(arguments: StoreDriver.available) func onlyActiveSubscriptionsCount(driver: StoreDriver) async throws {
        try await driver.withStore { store in
            for name in ["poi", "cloud", "maps"] {
                _ = try await store.createAPI(APIDraft(name: name, basePath: "/\(name)/v1", upstream: "http://127.0.0.1:9"))
            }
            let app = try await store.createApplication(try platform.draft())
            func request(_ apiName: String, _ status: Subscription.Status) async throws -> Subscription {
                try await store.requestSubscription(
                    SubscriptionRequest(clientID: app.clientID, apiName: apiName, status: status, termsVersion: "v1", acceptedBy: "dev@example.com"))
            }
            func subscribed() async throws -> [String]? { try await store.application(clientID: app.clientID)?.subscriptions }
            var sequence = try await store.latestChangeSequence()
            func changedTheApplication() async throws -> Bool {
                let changes = try await store.changes(after: sequence, limit: 10)
                sequence = changes.last?.sequence ?? sequence
                return changes.map(\.key) == [app.clientID] && changes.map(\.entity) == [.application]
            }

            let pending = try await request("poi", .pending)
            #expect(pending.status == .pending && pending.apiName == "poi" && pending.applicationID == app.id)
            #expect(pending.termsVersion == "v1" && pending.termsAcceptedAt != nil && pending.acceptedBy == "dev@example.com")
            #expect(try await changedTheApplication())
            #expect(try await subscribed() == [])
            #expect(try await store.pendingSubscriptions() == [pending])
            #expect(await storeError { try await request("poi", .pending) }?.isConflict == true)

            let approved = try await store.decideSubscription(id: pending.id, approve: true, reason: nil)
            #expect(approved.status == .active && approved.id == pending.id && approved.reason == nil)
            #expect(try await changedTheApplication())
            #expect(try await subscribed() == ["poi"])
            #expect(try await store.pendingSubscriptions().isEmpty)
            #expect(await storeError { try await request("poi", .active) }?.isConflict == true, "active already")
            #expect(
                await storeError { try await store.decideSubscription(id: pending.id, approve: false, reason: nil) }?
                    .isConflict == true, "decided already")
            #expect(
                await storeError { try await store.decideSubscription(id: "unknown", approve: true, reason: nil) }?
                    .isNotFound == true)

            let refused = try await request("cloud", .pending)
            #expect(try await changedTheApplication(), "the refused attempts above changed nothing")
            let rejected = try await store.decideSubscription(id: refused.id, approve: false, reason: "Internal use only")
            #expect(rejected.status == .rejected && rejected.reason == "Internal use only")
            #expect(try await changedTheApplication())
            #expect(try await subscribed() == ["poi"])
            #expect(try await store.subscriptions(clientID: app.clientID).map(\.status) == [.active, .rejected], "oldest first")

            let retried = try await request("cloud", .active)
            #expect(retried.status == .active && retried.reason == nil && retried.id != rejected.id)
            #expect(try await subscribed() == ["cloud", "poi"])
            #expect(try await store.subscriptions(clientID: app.clientID).map(\.apiName) == ["poi", "cloud"])

            // The operator's word: unsubscribing takes a pending one away, subscribing makes one active.
            _ = try await request("maps", .pending)
            #expect(try await store.unsubscribe(clientID: app.clientID, apiName: "maps").subscriptions == ["cloud", "poi"])
            _ = try await request("maps", .pending)
            let limits = Limits(rate: Allowance("5/second"))
            let operated = try await store.subscribe(clientID: app.clientID, apiName: "maps", limits: limits)
            #expect(operated.subscriptions == ["cloud", "maps", "poi"] && operated.limitOverrides == ["maps": limits])
            #expect(try await store.subscriptions(clientID: app.clientID).last.map { [$0.apiName, $0.status.rawValue] } == ["maps", "active"])

            #expect(
                await storeError {
                    try await store.requestSubscription(
                        SubscriptionRequest(clientID: app.clientID, apiName: "none", status: .active, termsVersion: nil, acceptedBy: "operator"))
                }?.isNotFound == true)
            #expect(
                await storeError {
                    try await store.requestSubscription(
                        SubscriptionRequest(clientID: "unknown", apiName: "poi", status: .active, termsVersion: nil, acceptedBy: "operator"))
                }?.isNotFound == true)
        }
    }

    @Test(arguments: StoreDriver.available) func documentationIsSavedAndEmptyUntilThen(driver: StoreDriver) async throws {
        try await driver.withStore { store in
            let api = try await store.createAPI(APIDraft(name: "poi", basePath: "/poi/v1", upstream: "http://127.0.0.1:9"))
            #expect(try await store.documentation(apiName: "poi") == APIDocumentation(apiName: "poi", updatedAt: api.createdAt))
            let sequence = try await store.latestChangeSequence()
            var documentation = APIDocumentation(
                apiName: "poi", description: "Points of interest", overview: "# Shops", gettingStarted: "Call `/shops`.",
                openAPI: #"{"openapi": "3.1.0"}"#, terms: "Be nice.", termsVersion: "2026-01", approval: .manual, visibility: .partner,
                updatedAt: .distantPast)
            let saved = try await store.saveDocumentation(documentation)
            documentation.updatedAt = saved.updatedAt
            #expect(saved == documentation && saved.updatedAt > .distantPast)
            #expect(try await store.documentation(apiName: "poi") == saved)
            #expect(try await store.changes(after: sequence, limit: 10).map { [$0.entity.rawValue, $0.key] } == [["api", "poi"]])

            let cleared = try await store.saveDocumentation(APIDocumentation(apiName: "poi", updatedAt: .distantPast))
            #expect(cleared.openAPI == nil && cleared.terms == nil && cleared.termsVersion == nil && cleared.approval == .auto)
            #expect(cleared.overview == nil && cleared.gettingStarted == nil && cleared.visibility == .public)
            #expect(await storeError { try await store.documentation(apiName: "none") }?.isNotFound == true)
            #expect(
                await storeError {
                    try await store.saveDocumentation(APIDocumentation(apiName: "none", updatedAt: .distantPast))
                }?.isNotFound == true)
        }
    }

    /// Issue 17: an invitation is by address whatever its case, before or after the address has a client space, and
    /// keeps its first date; only a client space can be marked internal.
    @Test(arguments: StoreDriver.available) func invitationsAndInternalSpacesMakeTheAudience(driver: StoreDriver) async throws {
        try await driver.withStore { store in
            for name in ["partner", "other"] {
                _ = try await store.createAPI(APIDraft(name: name, basePath: "/\(name)/v1", upstream: "http://127.0.0.1:9"))
            }
            #expect(try await store.audience(email: "dev@example.com") == .everyone)
            let first = try await store.invite(email: "dev@example.com", apiName: "partner", at: now)
            let again = try await store.invite(email: "DEV@example.com", apiName: "partner", at: now.addingTimeInterval(60))
            #expect(again == first && first.invitedAt == now && first.email == "dev@example.com")
            _ = try await store.invite(email: "dev@example.com", apiName: "other", at: now)
            #expect(await storeError { try await store.invite(email: "dev@example.com", apiName: "none", at: now) }?.isNotFound == true)
            #expect(try await store.invitations(apiName: "partner").map(\.email) == ["dev@example.com"])

            #expect(await storeError { try await store.setInternal(true, email: "dev@example.com") }?.isNotFound == true)
            _ = try await signUp(store)
            try await store.setInternal(true, email: "Dev@Example.com")
            #expect(try await store.audience(email: "dev@EXAMPLE.com") == APIAudience(isInternal: true, invitedAPIs: ["partner", "other"]))
            try await store.setInternal(false, email: "dev@example.com")
            #expect(try await store.audience(email: "dev@example.com").isInternal == false)
        }
    }

    /// A new version of an API's terms is accepted on the subscription, whatever its status.
    @Test(arguments: StoreDriver.available) func termsAreAcceptedAgainOnTheSubscription(driver: StoreDriver) async throws {
        try await driver.withStore { store in
            _ = try await store.createAPI(APIDraft(name: "poi", basePath: "/poi/v1", upstream: "http://127.0.0.1:9"))
            let app = try await store.createApplication(try platform.draft(email: "dev@example.com"))
            let subscription = try await store.requestSubscription(
                SubscriptionRequest(clientID: app.clientID, apiName: "poi", status: .pending, termsVersion: "1", acceptedBy: "dev@example.com"))
            let accepted = try await store.acceptTerms(subscriptionID: subscription.id, termsVersion: "2", acceptedBy: "ops@example.com", at: now)
            #expect(accepted.termsVersion == "2" && accepted.acceptedBy == "ops@example.com" && accepted.termsAcceptedAt == now)
            #expect(accepted.status == .pending)
            #expect(
                await storeError {
                    try await store.acceptTerms(subscriptionID: "none", termsVersion: "2", acceptedBy: "x", at: now)
                }?.isNotFound == true)
        }
    }

    /// Deleting an application takes its tokens, codes, grants and subscriptions (its audit trail stays), and the feed tells the
    /// followers, whose directory then drops it.
    @Test(arguments: StoreDriver.available) func deletingAnApplicationTakesEverythingOfIt(driver: StoreDriver) async throws {
        try await driver.withStore { store in
            _ = try await store.createAPI(APIDraft(name: "poi", basePath: "/poi/v1", upstream: "http://127.0.0.1:9"))
            let app = try await store.createApplication(try platform.draft(subscriptions: ["poi"]))
            let kept = try await store.createApplication(try platform.draft(name: "kept"))
            let user = try await store.createUser(username: "alice", passwordHash: "$2b$04$hash", claims: .init())
            let grant = try await store.saveGrant(userSubject: user.subject, applicationID: app.id, scope: ["openid"])
            let code = AuthorizationCode(
                digest: TokenDigest(of: "code"), grantID: grant.id, redirectURI: "https://a.example/cb", scope: ["openid"],
                codeChallenge: nil, nonce: nil, authTime: now, issuedAt: now, expiresAt: .distantFuture)
            try await store.saveCode(code)
            let tokens = [
                IssuedToken(digest: TokenDigest(of: "two-legged"), applicationID: app.id, kind: .access, issuedAt: now, expiresAt: .distantFuture),
                IssuedToken(
                    digest: TokenDigest(of: "three-legged"), applicationID: app.id, kind: .refresh, grantID: grant.id, issuedAt: now,
                    expiresAt: .distantFuture),
            ]
            try await store.saveTokens(tokens)
            let directory = PlatformDirectory()
            let follower = ChangeFeedFollower(
                store: store, directory: directory, interval: .seconds(1), logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
            try await follower.loadAll()
            #expect(directory.application(clientID: app.clientID) != nil)
            let sequence = try await store.latestChangeSequence()

            #expect(try await store.deleteApplication(clientID: app.clientID))
            #expect(try await store.application(clientID: app.clientID) == nil)
            for token in tokens { #expect(try await store.token(digest: token.digest) == nil) }
            #expect(try await store.grant(id: grant.id) == nil)
            #expect(try await store.redeemCode(digest: code.digest, at: now) == .unknown)
            #expect(try await store.subscriptions(clientID: app.clientID).isEmpty)
            #expect(try await store.auditTrail(AuditQuery(clientID: app.clientID)).first?.action == .deleted, "the trail stays")
            let changes = try await store.changes(after: sequence, limit: 10).map { [$0.entity.rawValue, $0.key] }
            #expect(changes == [["grant", grant.id], ["application", app.clientID]])
            try await follower.catchUp()
            #expect(directory.application(clientID: app.clientID) == nil)
            #expect(directory.application(clientID: kept.clientID) != nil)
            #expect(try await store.deleteApplication(clientID: app.clientID) == false)
            #expect(try await store.applications().map(\.name) == ["kept"])
        }
    }

    /// The portal's MyApps: the applications of one client space, oldest first.
    @Test(arguments: StoreDriver.available) func theApplicationsOfAClientSpaceAreOldestFirst(driver: StoreDriver) async throws {
        try await driver.withStore { store in
            let one = try await store.createApplication(try platform.draft(email: "dev@example.com", name: "one"))
            _ = try await store.createApplication(try platform.draft(email: "other@example.com", name: "two"))
            _ = try await store.createApplication(try platform.draft(email: "DEV@example.com", name: "three"))
            #expect(try await store.applications(clientSpaceID: one.clientSpaceID).map(\.name) == ["one", "three"])
            #expect(try await store.applications(clientSpaceID: "unknown").isEmpty)
        }
    }

    /// MyApps a page at a time: only the page's rows, and how many there are in all.
    @Test(arguments: StoreDriver.available) func aClientSpaceIsReadAPageAtATime(driver: StoreDriver) async throws {
        try await driver.withStore { store in
            var names: [String] = []
            for index in 1...5 {
                names.append("app \(index)")
                _ = try await store.createApplication(try platform.draft(email: "dev@example.com", name: "app \(index)"))
            }
            let space = try #require(try await store.applications().first).clientSpaceID
            let all = try await store.applications(clientSpaceID: space).map(\.name)
            #expect(Set(all) == Set(names))
            let middle = try await store.applications(clientSpaceID: space, offset: 1, limit: 2)
            #expect(middle.applications.map(\.name) == Array(all[1...2]))
            #expect(middle.total == 5)
            let past = try await store.applications(clientSpaceID: space, offset: 5, limit: 2)
            #expect(past.applications.isEmpty && past.total == 5)
            #expect(try await store.applications(clientSpaceID: "unknown", offset: 0, limit: 50).total == 0)
        }
    }

    @Test(arguments: StoreDriver.available) func descriptionsAndTheSecretsGracePeriodAreKept(driver: StoreDriver) async throws {
        try await driver.withStore { store in
            var draft = try platform.draft()
            draft.description = "Shows the shops nearby"
            let created = try await store.createApplication(draft)
            #expect(created.description == "Shows the shops nearby")
            let sequence = try await store.latestChangeSequence()
            let edited = try await store.updateApplication(clientID: created.clientID, name: "shops", description: "")
            #expect(edited.name == "shops" && edited.description == "")
            #expect(try await store.application(clientID: created.clientID) == edited)
            #expect(try await store.changes(after: sequence, limit: 10).map(\.key) == [created.clientID])
            #expect(
                await storeError {
                    try await store.updateApplication(clientID: "unknown", name: "x", description: "")
                }?.isNotFound == true)

            var (_, renewed) = try platform.vault.renewSecret(for: created.clientID, replacing: created.credential)
            renewed.previousSecretValidUntil = now + 3600.25
            #expect(try await store.replaceCredential(renewed, clientID: created.clientID).credential == renewed)
            #expect(try await store.application(clientID: created.clientID)?.credential.previousSecretValidUntil == now + 3600.25)
            // Revoking the tokens ends the grace: the generation it let stand is revoked (issue 12).
            let revoked = try await store.revokeTokens(clientID: created.clientID)
            #expect(revoked.credential.previousSecretValidUntil == nil && revoked.credential.previousSecretDigest == renewed.previousSecretDigest)
            #expect(try await store.application(clientID: created.clientID)?.credential == revoked.credential)
        }
    }

    /// A password reset replaces the hash and tells the followers (a `.user` change).
    @Test(arguments: StoreDriver.available) func aPasswordResetReplacesTheHash(driver: StoreDriver) async throws {
        try await driver.withStore { store in
            let developer = try await signUp(store)
            let sequence = try await store.latestChangeSequence()
            let user = try await store.setPasswordHash("$2b$04$other", subject: developer.subject)
            #expect(user.passwordHash == "$2b$04$other" && user.subject == developer.subject)
            #expect(try await store.user(username: "dev@example.com")?.passwordHash == "$2b$04$other")
            #expect(try await store.changes(after: sequence, limit: 10).map { [$0.entity.rawValue, $0.key] } == [["user", developer.subject]])
            #expect(
                await storeError { try await store.setPasswordHash("x", subject: "nobody") }?.isNotFound == true)
        }
    }
}

/// The ``StoreError`` that `body` throws; an issue, and nil, when it throws none or another error.
func storeError<T>(sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> T) async -> StoreError? {
    await #expect(throws: StoreError.self, sourceLocation: sourceLocation) { _ = try await body() }
}

extension StoreError {
    var isConflict: Bool {
        if case .conflict = self { true } else { false }
    }

    var isNotFound: Bool {
        if case .notFound = self { true } else { false }
    }
}
