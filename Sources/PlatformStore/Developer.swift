import Foundation

/// A developer of the portal (issue 12): a person who signs up on the portal, owns one client space (seed 002,
/// "only one client space can be associated with one email address") and creates applications in it.
///
/// A developer signs in as an end user of the platform's own OpenID Connect provider (one login page, one
/// session, one throttle): `subject` is that ``EndUser``'s subject, whose username is the e-mail address.
package struct Developer: Hashable, Sendable {
    package var subject: String
    /// Lower-cased, as the client space's.
    package var email: String
    package var name: String
    package var clientSpaceID: String
    /// Nil until the developer followed the verification link; until then no application can be created.
    package var emailVerifiedAt: Date?
    /// The version of the platform's terms the developer accepted at sign-up, and when.
    package var termsVersion: String
    package var termsAcceptedAt: Date
    package var createdAt: Date

    package init(
        subject: String, email: String, name: String, clientSpaceID: String, emailVerifiedAt: Date?,
        termsVersion: String, termsAcceptedAt: Date, createdAt: Date
    ) {
        self.subject = subject
        self.email = email
        self.name = name
        self.clientSpaceID = clientSpaceID
        self.emailVerifiedAt = emailVerifiedAt
        self.termsVersion = termsVersion
        self.termsAcceptedAt = termsAcceptedAt
        self.createdAt = createdAt
    }
}

/// What a sign-up is made of; the store adds the subject, the client space and the timestamps.
package struct DeveloperDraft: Sendable {
    /// Lower-cased and validated.
    package var email: String
    package var name: String
    /// bcrypt, as every end user's.
    package var passwordHash: String
    package var termsVersion: String

    package init(email: String, name: String, passwordHash: String, termsVersion: String) {
        self.email = email
        self.name = name
        self.passwordHash = passwordHash
        self.termsVersion = termsVersion
    }
}
