import Foundation
import OAuthCore

/// Client spaces and applications, with their credentials, redirect URIs and subscriptions.
///
/// Every method that changes an application appends a ``Change`` for its client_id and an ``AuditEntry`` in the same
/// transaction.
package protocol ApplicationStore: Sendable {
    /// Creates the application, and its client space if the e-mail address has none yet.
    func createApplication(_ draft: ApplicationDraft) async throws -> ClientApplication
    func application(clientID: String) async throws -> ClientApplication?
    func applications() async throws -> [ClientApplication]
    /// At most `limit` applications of one client space, oldest first, after skipping `offset` of them.
    func applications(clientSpaceID: String, offset: Int, limit: Int) async throws -> ApplicationPage
    /// Changes the name and description.
    func updateApplication(clientID: String, name: String, description: String) async throws -> ClientApplication
    /// Deletes the application with its tokens, codes, grants and subscriptions (its audit trail stays), in one transaction; returns
    /// whether there was one.
    func deleteApplication(clientID: String) async throws -> Bool
    func setStatus(_ status: ApplicationStatus, clientID: String) async throws -> ClientApplication
    /// Replaces the secret and revokes every token obtained before: increments the application's
    /// `credentialGeneration` in the same transaction (the tokens of the replaced generation still stand until
    /// the credential's `previousSecretValidUntil`, the renewal's grace period).
    func replaceCredential(_ credential: StoredCredential, clientID: String) async throws -> ClientApplication
    /// Revokes every token issued to the application so far: increments its `credentialGeneration`, and ends a
    /// renewal's grace period (`previousSecretValidUntil` becomes nil), which would otherwise let the revoked
    /// generation stand and the previous secret get tokens of it.
    func revokeTokens(clientID: String) async throws -> ClientApplication
    /// Subscribes, or changes the limit overrides of an existing subscription.
    func subscribe(clientID: String, apiName: String, limits: Limits) async throws -> ClientApplication
    func unsubscribe(clientID: String, apiName: String) async throws -> ClientApplication
    /// Replaces the registered callback URLs.
    func setRedirectURIs(_ redirectURIs: [String], clientID: String) async throws -> ClientApplication
    /// Replaces what the application registered for sign-out (issue 16, item 1).
    func setLogout(_ logout: LogoutRegistration, clientID: String) async throws -> ClientApplication
    /// Lets the application introspect tokens (RFC 7662), or no longer (``ClientApplication/mayIntrospect``).
    func setMayIntrospect(_ mayIntrospect: Bool, clientID: String) async throws -> ClientApplication
    /// Lets the application use `/authorize` only with a pushed request (RFC 9126 §6), or not
    /// (``ClientApplication/requiresPushedAuthorizationRequests``).
    func setRequiresPushedAuthorizationRequests(_ required: Bool, clientID: String) async throws -> ClientApplication
}

extension ApplicationStore {
    /// Every application of one client space, oldest first.
    package func applications(clientSpaceID: String) async throws -> [ClientApplication] {
        try await applications(clientSpaceID: clientSpaceID, offset: 0, limit: Int.max).applications
    }
}

/// The APIs exposed through the gateway. Every change appends a ``Change`` for the API's name.
package protocol APIStore: Sendable {
    func createAPI(_ draft: APIDraft) async throws -> RegisteredAPI
    func api(named name: String) async throws -> RegisteredAPI?
    func apis() async throws -> [RegisteredAPI]
    /// Saves the upstream, status and limits of `api`, found by its name (name and base path never change).
    func updateAPI(_ api: RegisteredAPI) async throws -> RegisteredAPI
}

/// End users of the 3-legged flow. Every change appends a ``Change`` for the user's subject.
package protocol EndUserStore: Sendable {
    /// Creates the user; a username is unique whatever its case.
    func createUser(username: String, passwordHash: String, claims: EndUserClaims) async throws -> EndUser
    func user(username: String) async throws -> EndUser?
    func user(subject: String) async throws -> EndUser?
    func users() async throws -> [EndUser]
    /// Locking also revokes every token of the user's grants (and increments their `generation`), so that
    /// unlocking brings none of them back (issue 5: "its grants stop working").
    func setLocked(_ locked: Bool, username: String) async throws -> EndUser
    /// Replaces the user's password hash (a password reset).
    func setPasswordHash(_ passwordHash: String, subject: String) async throws -> EndUser
    /// Makes the user an administrator of the provider's console, or no longer one (issue 13, item 4).
    func setAdministrator(_ isAdministrator: Bool, username: String) async throws -> EndUser
}

/// Keys that sign ID tokens. Adding one appends a ``Change`` for its kid.
package protocol SigningKeyStore: Sendable {
    /// Adds `key`, unless a key already signs from `threshold` or later (then returns false): of instances that
    /// rotate at the same moment, one adds the key (issue 16, item 3).
    func addSigningKey(_ key: SigningKey, unlessOneSignsFrom threshold: Date?) async throws -> Bool
    /// Every key, in the order they were made.
    func signingKeys() async throws -> [SigningKey]
}

extension SigningKeyStore {
    package func addSigningKey(_ key: SigningKey) async throws {
        _ = try await addSigningKey(key, unlessOneSignsFrom: nil)
    }
}

/// End users' consents and the authorization codes issued under them. Saving a grant appends a ``Change``
/// for its id.
package protocol GrantStore: Sendable {
    func grant(userSubject: String, applicationID: String) async throws -> ConsentGrant?
    func grant(id: String) async throws -> ConsentGrant?
    /// The user's grants, oldest first.
    func grants(userSubject: String) async throws -> [ConsentGrant]
    /// Withdraws the consent: deletes the grant and its codes and revokes its tokens, in one transaction
    /// (seed 003: "The end-user removed the authorizations for your client application"), with its ``AuditEntry``.
    /// Returns whether there was such a grant.
    func revokeGrant(id: String) async throws -> Bool
    /// Revokes every token of the grant issued so far and increments its `generation`, keeping the consent (RFC
    /// 7009 §2.1: revoking a refresh token also invalidates the access tokens of the same grant).
    func revokeTokens(grantID: String) async throws
    /// Records the user's consent to `scope`, added to what the user granted the application before.
    func saveGrant(userSubject: String, applicationID: String, scope: Scopes) async throws -> ConsentGrant
    func saveCode(_ code: AuthorizationCode) async throws
    /// Consumes the code atomically (a conditional update in one transaction); a replayed code revokes every
    /// token of its grant in the same transaction, increments the grant's `generation` and writes an ``AuditEntry``.
    func redeemCode(digest: TokenDigest, at now: Date) async throws -> CodeRedemption
}

/// Counters of limits shared by every instance: the token endpoint's per-application limit, the gateway's rates and
/// quotas, the sign-in throttles (ARCHITECTURE.md, "Limits behind one protocol"; issue 11, item 4).
///
/// Rules every driver meets (each a contract test in `StoreContractTests`):
/// - **Counters are added, never overwritten.** One decision is one atomic statement in the database (PostgreSQL:
///   `INSERT … ON CONFLICT DO UPDATE … RETURNING`), never a read followed by a write: parallel additions from any
///   number of instances never pass the limit and never lose a count (Kong's `cluster` policy does both).
/// - **Windows come from the database's clock**, aligned as ``Period/window(containing:)`` says, so that instances
///   whose clocks differ still count in the same window.
package protocol LimitCounterStore: Sendable {
    /// Adds `amount` to `key`'s counter in the current `period` window unless the sum would pass `limit`, in one
    /// atomic statement. A refused addition changes nothing and returns the current count with `added == false`.
    /// A counter of an ended window restarts from 0.
    func addToLimitCounter(key: String, period: Period, amount: Int, limit: Int) async throws -> LimitCount
    /// The current window's count for `key` (0 when none), without counting.
    func limitCount(key: String, period: Period) async throws -> LimitCount
    /// Forgets `key`'s counter (a successful sign-in clears its failures).
    func resetLimitCounter(key: String, period: Period) async throws
    /// Every counter whose window ends after `now`.
    func limitCounters(endingAfter now: Date) async throws -> [LimitCounter]
    /// Deletes the counters whose window ended before `cutoff`; returns how many.
    func deleteLimitCounters(endingBefore cutoff: Date) async throws -> Int
}

/// Issued tokens, by digest.
package protocol TokenStore: Sendable {
    /// Saves the tokens of one answer in one transaction: all of them or none. A digest saved before is
    /// ``StoreError/conflict(_:)``. A driver may commit the tokens of concurrent calls together (group commit); it
    /// returns only once the transaction holding these tokens committed.
    func saveTokens(_ tokens: [IssuedToken]) async throws
    func token(digest: TokenDigest) async throws -> IssuedToken?
    /// Deletes the tokens, authorization codes, single-use links, device authorizations and pushed authorization
    /// requests that expired before `cutoff`; returns how many.
    func deleteExpired(before cutoff: Date) async throws -> Int
}

extension TokenStore {
    package func saveToken(_ token: IssuedToken) async throws {
        try await saveTokens([token])
    }
}

/// The change feed, read by every instance to refresh its caches (ARCHITECTURE.md, "Hot paths read memory",
/// "Several instances").
///
/// Rules every driver meets (each a contract test in `StoreContractTests`):
/// - **Written in the transaction of the change it announces**, so that a follower never sees a change the
///   database does not hold, nor misses one it does.
/// - **Read in commit order:** a change's sequence is greater than that of every change committed before it. A
///   follower that read up to sequence N never later finds a committed change at or below N, even when two
///   transactions run concurrently. (A PostgreSQL `bigserial` does not give this: its values are taken before
///   commit, so 8 may commit after 9 was read.)
package protocol ChangeFeed: Sendable {
    /// Changes after `sequence`, oldest first, at most `limit`.
    func changes(after sequence: Int64, limit: Int) async throws -> [Change]
    /// The sequence of the newest change, 0 when the feed is empty.
    func latestChangeSequence() async throws -> Int64
    /// The sequence of the oldest change still kept, 0 when the feed is empty: a follower whose position is
    /// before it by more than one may have missed pruned changes.
    func oldestChangeSequence() async throws -> Int64
    /// Deletes the changes made before `cutoff`, always a prefix of the feed, and never the newest change (so
    /// that sequences keep growing and a follower can tell it fell behind); returns how many.
    func deleteChanges(before cutoff: Date) async throws -> Int
}

/// Everything the platform keeps. A driver (SQLite, PostgreSQL) satisfies it whole; the contract tests
/// (`StoreContractTests`, parameterised over the drivers) run against each.
///
/// Rules every driver meets, besides those of ``ChangeFeed`` and ``LimitCounterStore`` (ARCHITECTURE.md,
/// "Design decisions worth keeping"; issue 11, item 1):
/// - **A unique violation is ``StoreError/conflict(_:)``**, raised by the database's constraint, not by a check
///   followed by an insert that a concurrent insert could slip between.
/// - **Single use is one conditional statement** (`UPDATE … WHERE consumed_at IS NULL AND expires_at > now`):
///   of any number of concurrent redemptions of a code, from any number of instances, exactly one succeeds.
/// - **Scope merges are atomic:** concurrent ``GrantStore/saveGrant(userSubject:applicationID:scope:)`` calls for
///   one user and application end with one grant holding the union of their scopes.
package protocol PlatformStore:
    ApplicationStore, APIStore, EndUserStore, GrantStore, SigningKeyStore, LimitCounterStore, TokenStore, ChangeFeed,
    DeveloperStore, UsageStore, AuditTrail, DeviceAuthorizationStore, PushedAuthorizationRequestStore
{
    /// Throws when the database cannot be reached; `GET /healthz` answers from it.
    func checkHealth() async throws
    /// Closes the store's connections. Idempotent; afterwards every call fails. The server calls it when it stops,
    /// an admin command when it is done.
    func shutdown() async
}

/// Wakes change-feed followers as soon as another instance commits a change (PostgreSQL's `LISTEN`/`NOTIFY`,
/// ARCHITECTURE.md: "`NOTIFY` after commit only wakes followers early"). The feed stays the truth: a notification
/// says only "read the feed now", and followers keep polling in case one is lost.
package protocol ChangeNotifier: Sendable {
    /// An element each time a change may have been committed: after every commit that appended to the feed, and
    /// each time the listening connection is (re)established, since notifications sent while it was down are
    /// lost. Each call has its own listening connection, reconnecting with backoff when it drops; the stream ends
    /// when its consumer stops iterating (or its task is cancelled) or when the store shuts down.
    func changeNotifications() -> AsyncStream<Void>
}
