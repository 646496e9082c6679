/// What an ``AuditEntry`` records (issue 13, item 3): the changes to an application or its client space, and the one
/// read worth a trace, a secret shown (Azure API Management issue 1208: a key regenerated in the portal was in no
/// log). The raw values are stored, and are the `kind` of the portal's JSON API.
package enum AuditAction: String, Hashable, Sendable, CaseIterable {
    case created
    case edited
    case deleted
    case secretRevealed = "secret-revealed"
    case secretRenewed = "secret-renewed"
    /// Every token issued so far revoked (`orangerie app revoke-tokens`).
    case tokensRevoked = "tokens-revoked"
    case redirectURIsChanged = "redirect-uris-changed"
    /// The post-logout redirect URIs or the back-channel logout URI changed (issue 16, item 1).
    case logoutURIsChanged = "logout-uris-changed"
    /// The operator let the application introspect tokens (RFC 7662, issue 16), or no longer.
    case introspectionAllowed = "introspection-allowed"
    case introspectionDenied = "introspection-denied"
    /// The operator required the application to push its authorization requests (RFC 9126 §6, issue 16), or no longer.
    case pushedRequestsRequired = "pushed-requests-required"
    case pushedRequestsOptional = "pushed-requests-optional"
    /// Subscribed by the operator or with automatic approval, or given other limits (the detail says which).
    case subscribed
    case subscriptionRequested = "subscription-requested"
    case subscriptionApproved = "subscription-approved"
    case subscriptionRejected = "subscription-rejected"
    /// A new version of an API's terms accepted for a subscription.
    case termsAccepted = "terms-accepted"
    case unsubscribed
    case suspended
    case resumed
    /// An end user's consent to the application withdrawn, by the user or the operator.
    case consentWithdrawn = "consent-withdrawn"
    /// An authorization code presented twice: the platform revoked every token of its grant (RFC 6749 §4.1.2).
    case grantRevokedByReplayedCode = "grant-revoked-replayed-code"
    /// The client space marked internal (it sees private APIs, issue 17), or no longer.
    case spaceMarkedInternal = "space-marked-internal"
    case spaceMarkedNotInternal = "space-marked-not-internal"
    /// The client space owner's account locked, or unlocked (the provider's console, `orangerie user lock`).
    case accountLocked = "account-locked"
    case accountUnlocked = "account-unlocked"
}
