import Foundation

/// A client application: it belongs to one client space, has exactly one set of credentials, and is
/// subscribed to one or more APIs (seed 002, "Before starting").
package struct ClientApplication: Hashable, Sendable {
    package var id: String
    package var clientSpaceID: String
    package var email: String
    package var name: String
    /// What the developer says the application does (the portal), empty when nothing.
    package var description: String
    package var clientID: String
    package var credential: StoredCredential
    package var status: ApplicationStatus
    /// Registered callback URLs, matched exactly as strings (seed 003).
    package var redirectURIs: [String]
    /// Where its users go after signing out, and where it hears of it (issue 16, item 1).
    package var logout: LogoutRegistration
    /// Names of the APIs the application is subscribed to, sorted.
    package var subscriptions: [String]
    /// Limits that replace the API's own for this application, by API name (issue 3, "per-application override").
    package var limitOverrides: [String: Limits]
    /// The generation of the credentials: renewing the secret or revoking the tokens increments it, and a token
    /// obtained under an older generation is refused (ARCHITECTURE.md, "Revocation by generation, not by clock").
    package var credentialGeneration: Int
    /// Whether the operator lets the application ask whether a token is live: RFC 7662 §4 leaves to the server which
    /// protected resources may introspect which tokens, and here only a trusted resource server may (issue 16, item 2).
    package var mayIntrospect: Bool
    /// Whether the operator requires the application to push its authorization requests first (RFC 9126 §6, the
    /// `require_pushed_authorization_requests` client metadata; issue 16, item 5): `/authorize` without a
    /// `request_uri` is then refused.
    package var requiresPushedAuthorizationRequests: Bool
    package var createdAt: Date
    package var updatedAt: Date

    package init(
        id: String, clientSpaceID: String, email: String, name: String, description: String = "", clientID: String,
        credential: StoredCredential, status: ApplicationStatus, redirectURIs: [String], logout: LogoutRegistration = LogoutRegistration(),
        subscriptions: [String], limitOverrides: [String: Limits] = [:], credentialGeneration: Int = 0, mayIntrospect: Bool = false,
        requiresPushedAuthorizationRequests: Bool = false, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.clientSpaceID = clientSpaceID
        self.email = email
        self.name = name
        self.description = description
        self.clientID = clientID
        self.credential = credential
        self.status = status
        self.redirectURIs = redirectURIs
        self.logout = logout
        self.subscriptions = subscriptions
        self.limitOverrides = limitOverrides
        self.credentialGeneration = credentialGeneration
        self.mayIntrospect = mayIntrospect
        self.requiresPushedAuthorizationRequests = requiresPushedAuthorizationRequests
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// Whether an application may get tokens and call APIs. Administrators suspend it (seed 003, "Orange
/// administrators have suspended your access").
package enum ApplicationStatus: String, Hashable, Sendable, CaseIterable {
    case active
    case suspended
}

/// What a new application is made of; the store adds identifiers and timestamps.
package struct ApplicationDraft: Sendable {
    package var email: String
    package var name: String
    package var description: String
    package var clientID: String
    package var credential: StoredCredential
    package var redirectURIs: [String]
    package var subscriptions: [String]
    /// ``ClientApplication/mayIntrospect``.
    package var mayIntrospect: Bool

    package init(
        email: String, name: String, description: String = "", clientID: String, credential: StoredCredential, redirectURIs: [String],
        subscriptions: [String], mayIntrospect: Bool = false
    ) {
        self.email = email
        self.name = name
        self.description = description
        self.clientID = clientID
        self.credential = credential
        self.redirectURIs = redirectURIs
        self.subscriptions = subscriptions
        self.mayIntrospect = mayIntrospect
    }
}
