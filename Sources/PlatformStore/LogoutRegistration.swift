/// What an application registered for signing its users out (issue 16, item 1): where the provider may send the
/// browser back after RP-Initiated Logout, and where it posts logout tokens.
package struct LogoutRegistration: Hashable, Sendable {
    /// OpenID Connect RP-Initiated Logout 1.0 §3.1: the `post_logout_redirect_uri` values the end-session endpoint
    /// accepts for this application, matched exactly as strings, like redirect URIs.
    package var postLogoutRedirectURIs: [String]
    /// OpenID Connect Back-Channel Logout 1.0 §2.2: where the provider POSTs a logout token; nil when none.
    package var backchannelLogoutURI: String?

    package init(postLogoutRedirectURIs: [String] = [], backchannelLogoutURI: String? = nil) {
        self.postLogoutRedirectURIs = postLogoutRedirectURIs
        self.backchannelLogoutURI = backchannelLogoutURI
    }
}

extension LogoutRegistration: CustomStringConvertible {
    /// The audit trail's detail: both settings, URIs sorted.
    package var description: String {
        "post-logout: \(Set(postLogoutRedirectURIs).sorted().joined(separator: " ")); back-channel: \(backchannelLogoutURI ?? "none")"
    }
}
