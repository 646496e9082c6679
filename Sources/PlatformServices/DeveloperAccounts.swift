import Foundation
import PlatformStore
import Tracing

/// Sign-up, e-mail verification and password reset of the developer portal (issue 12, item 1), without HTTP: the
/// portal renders pages and sends the links this returns.
package struct DeveloperAccounts: Sendable {
    private let store: any DeveloperStore & EndUserStore
    private let clock: WallClock
    private let passwordCost: UInt8
    /// Spans bcrypt inside a traced request (issue 14, item 2).
    private let tracer: any Tracer

    /// How long a verification link works (issue 12: "valid 24 h").
    package static let verificationLifetime: TimeInterval = 24 * 3600
    /// How long a reset link works: short, since it is as good as the password.
    package static let resetLifetime: TimeInterval = 3600

    package init(store: any DeveloperStore & EndUserStore, clock: WallClock, passwordCost: UInt8 = 12, tracer: any Tracer = NoOpTracer()) {
        self.store = store
        self.clock = clock
        self.passwordCost = passwordCost
        self.tracer = tracer
    }

    /// Creates the developer and returns the token of its verification link. ``StoreError/conflict(_:)`` when the
    /// address is taken (the caller must not say so: see ``DeveloperPortal``'s sign-up).
    package func signUp(email: String, name: String, password: String, termsVersion: String) async throws -> (Developer, verification: String) {
        let email = try Validation.email(email)
        let name = try Validation.developerName(name)
        let password = try Validation.password(password)
        let hash = await PasswordCheck.hash(password, cost: passwordCost, tracer: tracer)
        let developer = try await store.createDeveloper(
            DeveloperDraft(email: email, name: name, passwordHash: hash, termsVersion: termsVersion))
        return (developer, try await issueLink(.emailVerification, subject: developer.subject))
    }

    /// A new verification link for a developer who lost the first.
    package func issueLink(_ purpose: SingleUseLink.Purpose, subject: String) async throws -> String {
        let token = RandomString.base64URL(byteCount: 32)
        let now = clock.now()
        let lifetime = purpose == .emailVerification ? Self.verificationLifetime : Self.resetLifetime
        try await store.saveLink(
            SingleUseLink(digest: TokenDigest(of: token), purpose: purpose, subject: subject, createdAt: now,
                expiresAt: now.addingTimeInterval(lifetime)))
        return token
    }

    /// Consumes a verification link; nil when it does not work (unknown, used, expired).
    package func verifyEmail(token: String) async throws -> Developer? {
        let now = clock.now()
        guard let subject = try await store.redeemLink(digest: TokenDigest(of: token), purpose: .emailVerification, at: now) else {
            return nil
        }
        return try await store.markEmailVerified(subject: subject, at: now)
    }

    /// Consumes a reset link and sets the new password; nil when the link does not work.
    package func resetPassword(token: String, newPassword: String) async throws -> EndUser? {
        let password = try Validation.password(newPassword)
        guard let subject = try await store.redeemLink(digest: TokenDigest(of: token), purpose: .passwordReset, at: clock.now())
        else {
            return nil
        }
        return try await store.setPasswordHash(await PasswordCheck.hash(password, cost: passwordCost, tracer: tracer), subject: subject)
    }
}
