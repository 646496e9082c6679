import Foundation

/// A person who signs in to authorize applications (3-legged OAuth, seed 003). The password rests as a
/// bcrypt hash only; `subject` is the stable, opaque `sub` of OpenID Connect Core §2.
package struct EndUser: Hashable, Sendable {
    package var subject: String
    package var username: String
    package var passwordHash: String
    package var claims: EndUserClaims
    /// A locked user cannot sign in and its grants stop working (issue 5).
    package var locked: Bool
    /// An administrator signs in to the provider's console at `/portal/admin` (issue 13, item 4); an operator makes
    /// one with `orangerie user grant-admin`.
    package var isAdministrator: Bool
    package var createdAt: Date
    package var updatedAt: Date

    package init(
        subject: String, username: String, passwordHash: String, claims: EndUserClaims, locked: Bool, isAdministrator: Bool = false,
        createdAt: Date, updatedAt: Date
    ) {
        self.subject = subject
        self.username = username
        self.passwordHash = passwordHash
        self.claims = claims
        self.locked = locked
        self.isAdministrator = isAdministrator
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// The standard claims a user may have (OpenID Connect Core §5.1), each released under its scope:
/// `profile` (name, given_name, family_name), `email`, `phone` (phone_number), `address`.
package struct EndUserClaims: Codable, Hashable, Sendable {
    package var email: String?
    package var name: String?
    package var givenName: String?
    package var familyName: String?
    package var phoneNumber: String?
    /// The `address` claim's `formatted` member (OpenID Connect Core §5.1.1).
    package var address: String?

    package init(
        email: String? = nil, name: String? = nil, givenName: String? = nil, familyName: String? = nil,
        phoneNumber: String? = nil, address: String? = nil
    ) {
        self.email = email
        self.name = name
        self.givenName = givenName
        self.familyName = familyName
        self.phoneNumber = phoneNumber
        self.address = address
    }

    enum CodingKeys: String, CodingKey {
        case email, name
        case givenName = "given_name"
        case familyName = "family_name"
        case phoneNumber = "phone_number"
        case address
    }
}
