import OAuthCore

/// `Scopes(parsing:)`, which reads the `scope` parameter of token and authorization requests (RFC 6749 §3.3).
///
/// Checks that parsing never traps; that no token is empty or holds a space; and that the wire form
/// (`description`, also the cache key) parses back to the same set.
enum ScopesFuzzTarget {
    static func run(_ bytes: [UInt8]) {
        let scopes = Scopes(parsing: FuzzInput.text(bytes))
        for token in scopes.tokens {
            check(!token.isEmpty && !token.unicodeScalars.contains(" "), "scope token \(token.debugDescription)")
        }
        let again = Scopes(parsing: scopes.description)
        check(again == scopes, "scope round trip: \(scopes.tokens) written \(scopes.description.debugDescription) reads \(again.tokens)")
    }
}
