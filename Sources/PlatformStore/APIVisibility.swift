import Foundation

/// Who finds an API in the catalog (seed 001, "API types"): everyone, the partners an operator invited, or the
/// operator's own client spaces. An API hidden from someone does not exist for them: its pages and documents answer
/// 404 (issue 17, item 3).
package enum APIVisibility: String, Hashable, Sendable, CaseIterable, Codable {
    /// Listed to everyone, signed out included.
    case `public`
    /// "Accessible only on an invite-only basis to a limited set of third parties": listed and subscribable only by
    /// client spaces invited with `orangerie api invite`.
    case partner
    /// Internal: listed only to client spaces an operator marked internal.
    case `private`

    /// Whether a developer whose client space is `audience` sees the API named `apiName`.
    package func admits(_ audience: APIAudience, apiName: String) -> Bool {
        switch self {
        case .public: true
        case .partner: audience.invitedAPIs.contains(apiName)
        case .private: audience.isInternal
        }
    }
}

/// What decides which partner and private APIs a client space sees.
package struct APIAudience: Hashable, Sendable {
    /// Marked internal by an operator: sees private APIs.
    package var isInternal: Bool
    /// The partner APIs its address was invited to.
    package var invitedAPIs: Set<String>

    package init(isInternal: Bool = false, invitedAPIs: Set<String> = []) {
        self.isInternal = isInternal
        self.invitedAPIs = invitedAPIs
    }

    /// Someone signed out, or a client space with neither mark nor invitation: public APIs only.
    package static let everyone = APIAudience()
}

/// An operator's invitation of an address to a partner API.
package struct APIInvitation: Hashable, Sendable {
    package var apiName: String
    package var email: String
    package var invitedAt: Date

    package init(apiName: String, email: String, invitedAt: Date) {
        self.apiName = apiName
        self.email = email
        self.invitedAt = invitedAt
    }
}
