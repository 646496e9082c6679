import Foundation

/// A link sent by e-mail that works once: the e-mail verification link (valid 24 h) and the password reset link
/// (issue 12, item 1). Only the digest of its random token is stored, as for codes and tokens.
package struct SingleUseLink: Hashable, Sendable {
    package var digest: TokenDigest
    package var purpose: Purpose
    /// The developer's subject.
    package var subject: String
    package var createdAt: Date
    package var expiresAt: Date

    package init(digest: TokenDigest, purpose: Purpose, subject: String, createdAt: Date, expiresAt: Date) {
        self.digest = digest
        self.purpose = purpose
        self.subject = subject
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }

    package enum Purpose: String, Hashable, Sendable, CaseIterable {
        case emailVerification = "email-verification"
        case passwordReset = "password-reset"
    }
}
