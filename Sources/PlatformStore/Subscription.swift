import Foundation

/// An application's subscription to an API, as the portal's APIs tab shows it (issue 12, items 2 and 3). Only an
/// active subscription lets the application get tokens for the API and call it; ``ClientApplication/subscriptions``
/// lists only those.
package struct Subscription: Hashable, Sendable {
    /// What an operator designates it by (`orangerie subscription approve ID`).
    package var id: String
    package var applicationID: String
    package var apiName: String
    package var status: Status
    /// Why an operator rejected it, shown to the developer.
    package var reason: String?
    /// The version of the API's terms accepted, when, and by whom (a developer's e-mail, or `operator`); nil for
    /// subscriptions made by an operator or an API without terms.
    package var termsVersion: String?
    package var termsAcceptedAt: Date?
    package var acceptedBy: String?
    /// Limits that replace the API's own for this application (issue 3, "per-application override").
    package var limitOverride: Limits
    package var createdAt: Date

    package init(
        id: String, applicationID: String, apiName: String, status: Status, reason: String? = nil,
        termsVersion: String? = nil, termsAcceptedAt: Date? = nil, acceptedBy: String? = nil, limitOverride: Limits = .none,
        createdAt: Date
    ) {
        self.id = id
        self.applicationID = applicationID
        self.apiName = apiName
        self.status = status
        self.reason = reason
        self.termsVersion = termsVersion
        self.termsAcceptedAt = termsAcceptedAt
        self.acceptedBy = acceptedBy
        self.limitOverride = limitOverride
        self.createdAt = createdAt
    }

    package enum Status: String, Hashable, Sendable, CaseIterable {
        case active
        /// Waiting for an operator: the API's approval is manual.
        case pending
        case rejected
    }
}

/// As the portal's JSON API and the operator's commands show it: snake_case members, without the application (the
/// caller named it) or its limit override.
extension Subscription: Encodable {
    private enum CodingKeys: String, CodingKey {
        case id, api, status, reason
        case termsVersion = "terms_version"
        case termsAcceptedAt = "terms_accepted_at"
        case acceptedBy = "accepted_by"
        case createdAt = "created_at"
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(apiName, forKey: .api)
        try container.encode(status.rawValue, forKey: .status)
        try container.encodeIfPresent(reason, forKey: .reason)
        try container.encodeIfPresent(termsVersion, forKey: .termsVersion)
        try container.encodeIfPresent(termsAcceptedAt, forKey: .termsAcceptedAt)
        try container.encodeIfPresent(acceptedBy, forKey: .acceptedBy)
        try container.encode(createdAt, forKey: .createdAt)
    }
}

/// A developer's request to subscribe from the portal, after accepting the API's terms.
package struct SubscriptionRequest: Sendable {
    package var clientID: String
    package var apiName: String
    /// `.active` for an API whose approval is automatic, `.pending` for a manual one.
    package var status: Subscription.Status
    package var termsVersion: String?
    package var acceptedBy: String

    package init(clientID: String, apiName: String, status: Subscription.Status, termsVersion: String?, acceptedBy: String) {
        self.clientID = clientID
        self.apiName = apiName
        self.status = status
        self.termsVersion = termsVersion
        self.acceptedBy = acceptedBy
    }
}
