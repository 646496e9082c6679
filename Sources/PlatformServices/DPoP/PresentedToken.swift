/// An access token as a request presents it in `Authorization` (``AccessTokenVerifier/presentedToken(in:)``).
package struct PresentedToken: Equatable, Sendable {
    package enum Scheme: Sendable {
        /// RFC 6750 §2.1.
        case bearer
        /// RFC 9449 §7.1: a token bound to a key, with a DPoP proof beside it.
        case dpop
    }

    package var scheme: Scheme
    package var value: Substring

    package init(scheme: Scheme, value: Substring) {
        self.scheme = scheme
        self.value = value
    }
}
