import Foundation
import PlatformStore

extension StoredCredential {
    /// The end of the renewal's grace period while it lasts at `now`, nil when the previous secret no longer gets
    /// tokens (issue 12, "Renew the secret": `serve --secret-renewal-grace`, 0 by default as Orange does).
    package func previousSecretGrace(at now: Date) -> Date? {
        guard previousSecretDigest != nil, let validUntil = previousSecretValidUntil, now < validUntil else { return nil }
        return validUntil
    }
}

extension ClientApplication {
    /// Whether a token obtained under credential generation `generation` still stands at `now` (ARCHITECTURE.md,
    /// "Revocation by generation, not by clock"): one of the current generation, or, during a renewal's grace
    /// period, one of the generation that the renewal replaced, so that it stops with the grace whatever its own
    /// expiry (issue 12: "a renewal never lets a token issued with the old secret outlive the grace period").
    package func honours(credentialGeneration generation: Int, at now: Date) -> Bool {
        generation >= credentialGeneration
            || (generation == credentialGeneration - 1 && credential.previousSecretGrace(at: now) != nil)
    }
}
