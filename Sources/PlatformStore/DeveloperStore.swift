import Foundation

/// The developer portal's records (issue 12): developers and their client spaces, the single-use links sent to
/// them, subscriptions with their approval, and the APIs' documentation.
///
/// Rules every driver meets, besides those of ``PlatformStore`` (each a contract test in `PortalStoreContractTests`):
/// - **One client space per e-mail address, whatever its case**: a sign-up for an address that an operator's
///   `app create --email` used before lands in that space, and a second sign-up for one address (in any case) is
///   ``StoreError/conflict(_:)``, as is one whose address is already an end user's username.
/// - **A link works once**: ``redeemLink(digest:purpose:at:)`` is one conditional statement, so of any number of
///   concurrent redemptions exactly one returns the subject; an expired link, or one of another purpose, none.
/// - **A rejected or pending subscription is not a subscription** for the gateway and the token endpoints:
///   ``ClientApplication/subscriptions`` lists active ones only, and every decision appends a ``Change`` for the
///   application.
/// - **Each change to a subscription or a client space writes its ``AuditEntry``** in its transaction (``AuditTrail``).
package protocol DeveloperStore: Sendable {
    /// Creates the developer's end user (username: the e-mail), the developer and, unless the address has one, the
    /// client space, in one transaction. Appends a ``Change`` for the user's subject.
    func createDeveloper(_ draft: DeveloperDraft) async throws -> Developer
    func developer(subject: String) async throws -> Developer?
    /// Found whatever the case of `email`.
    func developer(email: String) async throws -> Developer?
    /// At most `limit` developers whose e-mail address or name holds `text` whatever its case (every one when nil),
    /// by e-mail address: the provider's console (issue 13, item 4).
    func developers(matching text: String?, limit: Int) async throws -> [Developer]
    /// Records that the developer's e-mail address is verified (keeps the first time); ``StoreError/notFound(_:)``
    /// when there is no such developer.
    func markEmailVerified(subject: String, at time: Date) async throws -> Developer

    func saveLink(_ link: SingleUseLink) async throws
    /// Consumes the link in one conditional statement and returns its subject; nil when it is unknown, of another
    /// purpose, expired at `now` or consumed before.
    func redeemLink(digest: TokenDigest, purpose: SingleUseLink.Purpose, at now: Date) async throws -> String?

    /// Every subscription of the application whatever its status, oldest first.
    func subscriptions(clientID: String) async throws -> [Subscription]
    /// Subscriptions waiting for an operator, oldest first.
    func pendingSubscriptions() async throws -> [Subscription]
    /// Creates the subscription, or replaces a rejected one; an existing active or pending one is
    /// ``StoreError/conflict(_:)``. Appends a ``Change`` for the application.
    func requestSubscription(_ request: SubscriptionRequest) async throws -> Subscription
    /// Approves (status active, reason cleared) or rejects (status rejected, with `reason`) a pending subscription;
    /// ``StoreError/notFound(_:)`` when there is no subscription `id`, ``StoreError/conflict(_:)`` when it is not
    /// pending. Appends a ``Change`` for the application.
    func decideSubscription(id: String, approve: Bool, reason: String?) async throws -> Subscription
    /// Records that `acceptedBy` accepted version `termsVersion` of the API's terms for the subscription `id` (issue
    /// 17: a new version asks subscribers to accept again); ``StoreError/notFound(_:)`` when there is no such
    /// subscription. Its status stays.
    func acceptTerms(subscriptionID id: String, termsVersion: String, acceptedBy: String, at time: Date) async throws -> Subscription

    /// The API's documentation; for an API that has none yet, an empty one (automatic approval) dated from the API's
    /// creation. ``StoreError/notFound(_:)`` when there is no such API.
    func documentation(apiName: String) async throws -> APIDocumentation
    /// Saves the documentation of the API `documentation.apiName` (which must exist). Appends a ``Change`` for the
    /// API.
    func saveDocumentation(_ documentation: APIDocumentation) async throws -> APIDocumentation

    /// Invites the address `email` (whatever its case, with a client space or not yet) to the API; an address invited
    /// before keeps its first invitation. ``StoreError/notFound(_:)`` when there is no such API.
    func invite(email: String, apiName: String, at time: Date) async throws -> APIInvitation
    /// The API's invitations, oldest first.
    func invitations(apiName: String) async throws -> [APIInvitation]
    /// Marks the client space of `email` (whatever its case) internal or not; ``StoreError/notFound(_:)`` when the
    /// address has no client space.
    func setInternal(_ isInternal: Bool, email: String) async throws
    /// Which partner and private APIs the client space of `email` sees (``APIAudience/everyone`` for an address with
    /// no client space and no invitation).
    func audience(email: String) async throws -> APIAudience
}
