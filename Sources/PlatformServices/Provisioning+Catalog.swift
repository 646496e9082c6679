import Foundation
import PlatformStore

/// The operator's side of the API catalog (issue 12, item 3): an API's documentation, terms and approval, and the
/// subscriptions waiting for a decision. The store writes each decision to the audit trail.
extension Provisioning {
    // MARK: Documentation

    /// The API's documentation: empty, with automatic approval, until an operator writes some.
    package func documentation(apiName: String) async throws -> APIDocumentation {
        try await store.documentation(apiName: apiName)
    }

    /// Changes what is given and keeps the rest (nothing given, nothing written). `openAPI` and `terms` are stored as
    /// given (a document the gateway enforces must compile, issue 18); a terms text that differs from the current one is their next version (`1`, `2`, …), the same text keeps
    /// its version, so that what a subscriber accepted stays what they read.
    package func updateDocumentation(
        apiName: String, description: String? = nil, overview: String? = nil, gettingStarted: String? = nil, openAPI: String? = nil,
        terms: String? = nil, approval: SubscriptionApproval? = nil, visibility: APIVisibility? = nil
    ) async throws -> APIDocumentation {
        let description = try description.map(Validation.apiDescription)
        let overview = try overview.map { text throws(InvalidInput) in try Validation.pageText(text, what: "the overview") }
        let gettingStarted = try gettingStarted.map { text throws(InvalidInput) in try Validation.pageText(text, what: "getting started") }
        let openAPI = try openAPI.map(Validation.openAPIDocument)
        let terms = try terms.map { text throws(InvalidInput) in try Validation.pageText(text, what: "the terms of use") }
        var documentation = try await store.documentation(apiName: apiName)
        let given: [Any?] = [description, overview, gettingStarted, openAPI, terms, approval, visibility]
        guard given.contains(where: { $0 != nil }) else { return documentation }
        documentation.description = description ?? documentation.description
        documentation.overview = overview ?? documentation.overview
        documentation.gettingStarted = gettingStarted ?? documentation.gettingStarted
        documentation.openAPI = openAPI ?? documentation.openAPI
        if openAPI != nil {
            // The gateway of an API that enforces its contract will compile the new document at once.
            try checkContract(of: documentation, policy: try await api(named: apiName).policy)
        }
        if let terms, terms != documentation.terms {
            documentation.terms = terms
            documentation.termsVersion = String((documentation.termsVersion.flatMap { Int($0) } ?? 0) + 1)
        }
        documentation.approval = approval ?? documentation.approval
        documentation.visibility = visibility ?? documentation.visibility
        documentation.updatedAt = clock.now()
        return try await store.saveDocumentation(documentation)
    }

    // MARK: Partner and private APIs (issue 17, item 3)

    /// Invites the address to a partner API (`orangerie api invite`); the caller sends the e-mail.
    package func invite(email: String, apiName: String) async throws -> APIInvitation {
        try await store.invite(email: try Validation.email(email), apiName: apiName, at: clock.now())
    }

    package func invitations(apiName: String) async throws -> [APIInvitation] {
        try await store.invitations(apiName: apiName)
    }

    /// Marks the client space of the address internal, so that it sees private APIs (`orangerie client-space`).
    package func setInternal(_ isInternal: Bool, email: String) async throws {
        try await store.setInternal(isInternal, email: try Validation.email(email))
    }

    // MARK: Subscriptions

    /// Every subscription, or only the pending ones, to one API or all, with their applications: oldest first within
    /// an application (`orangerie subscription list`).
    package func subscriptions(pendingOnly: Bool = false, apiName: String? = nil) async throws
        -> [(subscription: Subscription, application: ClientApplication)]
    {
        let applications = try await store.applications()
        let byID = Dictionary(uniqueKeysWithValues: applications.map { ($0.id, $0) })
        var subscriptions: [Subscription] = []
        if pendingOnly {
            subscriptions = try await store.pendingSubscriptions()
        } else {
            for application in applications { subscriptions += try await store.subscriptions(clientID: application.clientID) }
        }
        return subscriptions.compactMap { subscription in
            guard apiName == nil || subscription.apiName == apiName, let application = byID[subscription.applicationID] else {
                return nil
            }
            return (subscription: subscription, application: application)
        }
    }

    /// A developer's subscription from the portal, after accepting the API's terms: active at once, or pending when
    /// the API's approval is manual, and then every administrator is told.
    package func requestSubscription(_ request: SubscriptionRequest) async throws -> Subscription {
        let subscription = try await store.requestSubscription(request)
        if subscription.status == .pending { await tellAdministrators(about: subscription, clientID: request.clientID) }
        return subscription
    }

    /// Makes a pending subscription active: the application gets tokens for the API from now on (running servers see
    /// it within a second). Its developer is told.
    package func approveSubscription(id: String) async throws -> Subscription {
        let subscription = try await store.decideSubscription(id: id, approve: true, reason: nil)
        await tellDeveloper(.subscriptionApproved(api: subscription.apiName), about: subscription)
        return subscription
    }

    /// Rejects a pending subscription; the reason (at most 500 characters) is shown to the developer, who may ask
    /// again, and is in the e-mail that tells them. The audit trail's detail is `API: reason`, or the API's name alone.
    package func rejectSubscription(id: String, reason: String?) async throws -> Subscription {
        let reason = try reason.map(Validation.rejectionReason).flatMap { $0.isEmpty ? nil : $0 }
        let subscription = try await store.decideSubscription(id: id, approve: false, reason: reason)
        await tellDeveloper(.subscriptionRejected(api: subscription.apiName, reason: reason), about: subscription)
        return subscription
    }
}
