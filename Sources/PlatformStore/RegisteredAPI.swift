import Foundation

/// An API exposed through the gateway: an API proxy with a base path in front of an upstream (seed 001,
/// "API Proxy", "Base path").
package struct RegisteredAPI: Hashable, Sendable {
    package var id: String
    /// Short unique name commands use to designate the API (`poi`).
    package var name: String
    /// The URI fragment that routes to this API, e.g. `/poi/v1`.
    package var basePath: String
    /// The backend the gateway forwards to.
    package var upstream: String
    package var status: APIStatus
    /// Limits of every subscription, unless the subscription overrides them.
    package var limits: Limits
    /// The status of a call refused by a limit: 403 as seed 003 shows, or 429 for APIs that want it.
    package var limitStatus: Int
    /// Scopes this API declares, which its subscribers may ask end users for (issue 5), sorted.
    package var scopes: [String]
    /// What the gateway does with a call when the shared limiter cannot be reached (issue 11, item 4).
    package var limitFallback: LimitFallback
    /// What the proxy enforces besides tokens and limits: contract, validation, backend authentication, headers
    /// (issue 18).
    package var policy: GatewayPolicy
    package var createdAt: Date
    package var updatedAt: Date

    package init(
        id: String, name: String, basePath: String, upstream: String, status: APIStatus, limits: Limits,
        limitStatus: Int, scopes: [String] = [], limitFallback: LimitFallback = .closed, policy: GatewayPolicy = GatewayPolicy(),
        createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.name = name
        self.basePath = basePath
        self.upstream = upstream
        self.status = status
        self.limits = limits
        self.limitStatus = limitStatus
        self.scopes = scopes
        self.limitFallback = limitFallback
        self.policy = policy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// The life cycle of an API: a deprecated API still serves its subscribers, a retired one serves no one.
package enum APIStatus: String, Hashable, Sendable, CaseIterable {
    case live
    case deprecated
    case retired
}

/// What the gateway does with a call to an API when the shared limiter cannot be reached (issue 11, item 4:
/// "the gateway follows a per-API `fail-open|fail-closed` setting, closed by default").
package enum LimitFallback: String, Hashable, Sendable, CaseIterable {
    /// Refuse the call (503): no limit is ever passed, at the price of availability.
    case closed
    /// Let the call through uncounted: availability first, for APIs whose limits protect little.
    case open
}

/// What a new API is made of.
package struct APIDraft: Sendable {
    package var name: String
    package var basePath: String
    package var upstream: String
    package var limits: Limits
    package var limitStatus: Int
    package var scopes: [String]
    package var limitFallback: LimitFallback

    package init(
        name: String, basePath: String, upstream: String, limits: Limits = .none, limitStatus: Int = 403, scopes: [String] = [],
        limitFallback: LimitFallback = .closed
    ) {
        self.name = name
        self.basePath = basePath
        self.upstream = upstream
        self.limits = limits
        self.limitStatus = limitStatus
        self.scopes = scopes
        self.limitFallback = limitFallback
    }
}
