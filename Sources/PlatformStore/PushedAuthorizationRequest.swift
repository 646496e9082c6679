import Foundation
import OAuthCore

/// An authorization request pushed to the provider (RFC 9126 §2), kept until `/authorize` uses it once or it expires.
/// Only the digest of the `request_uri`'s random part is stored, as for codes and tokens; the request belongs to the
/// application that pushed it (§4: "the request_uri value MUST be bound to the client that posted the authorization
/// request").
package struct PushedAuthorizationRequest: Hashable, Sendable {
    package var digest: TokenDigest
    /// The application that pushed it, which alone may use it.
    package var applicationID: String
    /// The authorization request's parameters as pushed, without the client's secret.
    package var parameters: [FormEncoding.Field]
    package var createdAt: Date
    package var expiresAt: Date

    package init(digest: TokenDigest, applicationID: String, parameters: [FormEncoding.Field], createdAt: Date, expiresAt: Date) {
        self.digest = digest
        self.applicationID = applicationID
        self.parameters = parameters
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// Pushed authorization requests (RFC 9126), shared by every instance: a browser may reach another instance than the
/// one the client pushed to.
package protocol PushedAuthorizationRequestStore: Sendable {
    /// Saves a pushed request, unless its application already has `limit` unused ones unexpired at its `createdAt`
    /// (then returns false): an application cannot fill the database. A digest saved before is
    /// ``StoreError/conflict(_:)``.
    func savePushedRequest(_ request: PushedAuthorizationRequest, unlessWaiting limit: Int) async throws -> Bool
    /// Uses the request once (RFC 9126 §4: "a one-time use request_uri"): one conditional statement, so that of any
    /// number of concurrent uses from any number of instances exactly one gets it. Nil when there is none unused,
    /// unexpired at `now` and of `applicationID`; a request of another application is left as it was.
    func consumePushedRequest(digest: TokenDigest, applicationID: String, at now: Date) async throws -> PushedAuthorizationRequest?
}
