import Foundation
import OAuthCore

/// Client spaces and applications, with their credentials, redirect URIs and subscriptions.
///
/// Every method that changes an application appends a ``Change`` for its client_id in the same transaction.
package protocol ApplicationStore: Sendable {
    /// Creates the application, and its client space if the e-mail address has none yet.
    func createApplication(_ draft: ApplicationDraft) async throws -> ClientApplication
    func application(clientID: String) async throws -> ClientApplication?
    func applications() async throws -> [ClientApplication]
    func setStatus(_ status: ApplicationStatus, clientID: String) async throws -> ClientApplication
    /// Replaces the secret and revokes every token obtained before: increments the application's
    /// `credentialGeneration` in the same transaction.
    func replaceCredential(_ credential: StoredCredential, clientID: String) async throws -> ClientApplication
    /// Revokes every token issued to the application so far: increments its `credentialGeneration`.
    func revokeTokens(clientID: String) async throws -> ClientApplication
    /// Subscribes, or changes the limit overrides of an existing subscription.
    func subscribe(clientID: String, apiName: String, limits: Limits) async throws -> ClientApplication
    func unsubscribe(clientID: String, apiName: String) async throws -> ClientApplication
    /// Replaces the registered callback URLs.
    func setRedirectURIs(_ redirectURIs: [String], clientID: String) async throws -> ClientApplication
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
}

/// Keys that sign ID tokens. Adding one appends a ``Change`` for its kid.
package protocol SigningKeyStore: Sendable {
    func addSigningKey(_ key: SigningKey) async throws
    /// Every key, oldest first.
    func signingKeys() async throws -> [SigningKey]
}

/// End users' consents and the authorization codes issued under them. Saving a grant appends a ``Change``
/// for its id.
package protocol GrantStore: Sendable {
    func grant(userSubject: String, applicationID: String) async throws -> ConsentGrant?
    func grant(id: String) async throws -> ConsentGrant?
    /// The user's grants, oldest first.
    func grants(userSubject: String) async throws -> [ConsentGrant]
    /// Withdraws the consent: deletes the grant and its codes and revokes its tokens, in one transaction
    /// (seed 003: "The end-user removed the authorizations for your client application"). Returns whether
    /// there was such a grant.
    func revokeGrant(id: String) async throws -> Bool
    /// Revokes every token of the grant issued so far and increments its `generation`, keeping the consent (RFC
    /// 7009 §2.1: revoking a refresh token also invalidates the access tokens of the same grant).
    func revokeTokens(grantID: String) async throws
    /// Records the user's consent to `scope`, added to what the user granted the application before.
    func saveGrant(userSubject: String, applicationID: String, scope: Scopes) async throws -> ConsentGrant
    func saveCode(_ code: AuthorizationCode) async throws
    /// Consumes the code atomically (a conditional update in one transaction); a replayed code revokes every
    /// token of its grant in the same transaction, and increments the grant's `generation`.
    func redeemCode(digest: TokenDigest, at now: Date) async throws -> CodeRedemption
}

/// Saved counters of quotas, so that a restart does not reset them.
package protocol LimitCounterStore: Sendable {
    /// Saves each counter, replacing the one saved for the same key and period.
    func saveLimitCounters(_ counters: [LimitCounter]) async throws
    /// The counters whose window ends after `now`.
    func limitCounters(endingAfter now: Date) async throws -> [LimitCounter]
}

/// Issued tokens, by digest.
package protocol TokenStore: Sendable {
    /// Saves the tokens of one answer in one transaction: all of them or none.
    func saveTokens(_ tokens: [IssuedToken]) async throws
    func token(digest: TokenDigest) async throws -> IssuedToken?
    /// Deletes the tokens and authorization codes that expired before `cutoff`; returns how many.
    func deleteExpired(before cutoff: Date) async throws -> Int
}

extension TokenStore {
    package func saveToken(_ token: IssuedToken) async throws {
        try await saveTokens([token])
    }
}

/// The change feed, read by every instance to refresh its caches.
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

/// Everything the platform keeps. A driver (SQLite, later PostgreSQL) satisfies it whole; the contract tests
/// run against each.
package protocol PlatformStore:
    ApplicationStore, APIStore, EndUserStore, GrantStore, SigningKeyStore, LimitCounterStore, TokenStore, ChangeFeed
{
    /// Throws when the database cannot be reached; `GET /healthz` answers from it.
    func checkHealth() async throws
}
