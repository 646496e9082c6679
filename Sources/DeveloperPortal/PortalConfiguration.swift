import Foundation

/// How the developer portal behaves (issue 12); `Platform` fills it from flags.
package struct PortalConfiguration: Sendable {
    /// The version of the platform's terms a developer accepts at sign-up (recorded with the time).
    package var termsVersion = "1"
    /// Secure cookies under https.
    package var secureCookies = false
    /// How long the portal's session lasts, as the provider's.
    package var sessionLifetime: TimeInterval = 12 * 3600
    /// How recent a typed password must be to show a secret again (issue 12: "within 5 minutes").
    package var revealFreshness: TimeInterval = 5 * 60
    package var maximumBodySize = 16 * 1024
    /// How long a renewed secret still gets tokens (`serve --secret-renewal-grace`; 0, Orange's behaviour, by default).
    package var secretRenewalGrace: TimeInterval = 0
    /// With `serve --demo`, where the messages the platform sent can be read in the browser; the pages that say "check
    /// your e-mail" link to it.
    package var demoMailboxPath: String?

    package init() {}
}
