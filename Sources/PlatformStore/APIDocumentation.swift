import Foundation

/// What the catalog shows of an API besides what the gateway needs (issue 12, item 3): kept apart from
/// ``RegisteredAPI`` so that the gateway's directory stays small.
package struct APIDocumentation: Hashable, Sendable {
    package var apiName: String
    package var description: String
    /// The Overview and Getting started tabs (seed 001), Markdown as the operator gave it; nil when none.
    package var overview: String?
    package var gettingStarted: String?
    /// The OpenAPI 3 document as the operator gave it (JSON or YAML text), nil when none.
    package var openAPI: String?
    /// The API's terms of use (Markdown or plain text) and their version, which a subscriber accepts; nil when none.
    package var terms: String?
    package var termsVersion: String?
    package var approval: SubscriptionApproval
    package var visibility: APIVisibility
    package var updatedAt: Date

    package init(
        apiName: String, description: String = "", overview: String? = nil, gettingStarted: String? = nil, openAPI: String? = nil,
        terms: String? = nil, termsVersion: String? = nil, approval: SubscriptionApproval = .auto, visibility: APIVisibility = .public,
        updatedAt: Date
    ) {
        self.apiName = apiName
        self.description = description
        self.overview = overview
        self.gettingStarted = gettingStarted
        self.openAPI = openAPI
        self.terms = terms
        self.termsVersion = termsVersion
        self.approval = approval
        self.visibility = visibility
        self.updatedAt = updatedAt
    }
}

/// Whether a subscription from the portal is active at once (Orange's default) or waits for an operator.
package enum SubscriptionApproval: String, Hashable, Sendable, CaseIterable {
    case auto
    case manual
}
