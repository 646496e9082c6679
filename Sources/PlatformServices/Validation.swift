import Foundation
import PlatformStore

/// Input rules for what administrators and developers register. Each rule returns the normalised value or
/// throws a ``InvalidInput`` that says what is wrong.
package enum Validation {
    /// Path prefixes that belong to the platform itself and that no API may shadow.
    package static let reservedPathPrefixes = ["/oauth", "/openidconnect", "/healthz", "/readyz", "/portal", "/.well-known", "/demo-upstream"]

    /// Whether `path` belongs to the platform itself, so that no API may serve it.
    package static func isPlatformPath(_ path: String) -> Bool {
        reservedPathPrefixes.contains { prefix in self.path(path, isUnder: prefix) }
    }

    /// Whether `path` is `prefix` or below it (`prefix/…`). Runs on every request, so it compares UTF-8 bytes and
    /// allocates nothing.
    package static func path(_ path: String, isUnder prefix: String) -> Bool {
        let bytes = path.utf8
        guard bytes.starts(with: prefix.utf8) else { return false }
        return bytes.dropFirst(prefix.utf8.count).first.map { $0 == UInt8(ascii: "/") } ?? true
    }

    /// An address that mail can be sent to, lowercased: the dot-atom form ``MailAddress`` writes in a header (never
    /// starting with `-`, which a mail command would take for an option), with a dotted domain.
    package static func email(_ value: String) throws(InvalidInput) -> String {
        let email = value.trimmingCharacters(in: .whitespaces).lowercased()
        guard let address = try? MailAddress(address: email), address.domain.contains(".") else {
            throw InvalidInput("'\(value.unicodeScalars.map { $0.escaped(asASCII: true) }.joined())' is not an e-mail address such as name@example.com")
        }
        return address.address
    }

    package static func applicationName(_ value: String) throws(InvalidInput) -> String {
        try printableName(value, else: "an application name has 1 to 100 printable characters")
    }

    /// What an application does, in the developer's words: at most 1,000 characters, line breaks allowed.
    package static func applicationDescription(_ value: String) throws(InvalidInput) -> String {
        try printableText(value, atMost: 1000, else: "a description has at most 1,000 printable characters")
    }

    /// At most `maximum` characters once trimmed, with line breaks as the only control characters.
    static func printableText(_ value: String, atMost maximum: Int, else message: String) throws(InvalidInput) -> String {
        let text = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count <= maximum,
            !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\r" })
        else {
            throw InvalidInput(message)
        }
        return text
    }

    /// A developer's name as the portal shows it: 1 to 100 printable characters.
    package static func developerName(_ value: String) throws(InvalidInput) -> String {
        try printableName(value, else: "a name has 1 to 100 printable characters")
    }

    /// 1 to 100 printable characters once trimmed.
    private static func printableName(_ value: String, else message: String) throws(InvalidInput) -> String {
        let name = value.trimmingCharacters(in: .whitespaces)
        guard (1...100).contains(name.count), !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw InvalidInput(message)
        }
        return name
    }

    /// Lower-case letters, digits, `-` and `_`, starting with a letter or digit: safe on a command line.
    package static func apiName(_ value: String) throws(InvalidInput) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-_")
        guard (1...64).contains(value.count), value.allSatisfy(allowed.contains), value.first != "-", value.first != "_"
        else {
            throw InvalidInput("an API name has 1 to 64 lower-case letters, digits, '-' or '_', and starts with a letter or digit")
        }
        return value
    }

    /// A base path is `/segment/segment…` (seed 001, "Base path"), with no trailing slash, no dot segments,
    /// and outside the platform's own endpoints.
    package static func basePath(_ value: String) throws(InvalidInput) -> String {
        let segmentCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        let segments = value.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard value.hasPrefix("/"), value.count <= 200, !segments.isEmpty,
            segments.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && $0.allSatisfy(segmentCharacters.contains) })
        else {
            throw InvalidInput("'\(value)' is not a base path such as /poi/v1")
        }
        if isPlatformPath(value) {
            throw InvalidInput("the base path '\(value)' would shadow one of the platform's own endpoints")
        }
        return value
    }

    /// An absolute `http` or `https` URL with a host, no query and no fragment.
    package static func upstream(_ value: String) throws(InvalidInput) -> String {
        guard let url = URL(string: value), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = url.host, !host.isEmpty, url.query == nil, url.fragment == nil, url.user == nil
        else {
            throw InvalidInput("'\(value)' is not an http(s) URL without query, fragment or user information")
        }
        return value.hasSuffix("/") ? String(value.dropLast()) : value
    }

    /// A callback URL (seed 003; RFC 9700 §2.1, RFC 8252 §7): `https`, `http` on a loopback address only, or
    /// a private-use scheme with a dot for native apps; never a fragment.
    package static func redirectURI(_ value: String) throws(InvalidInput) -> String {
        guard value.count <= 2000, let url = URL(string: value), let scheme = url.scheme?.lowercased(),
            url.fragment == nil
        else {
            throw InvalidInput("'\(value)' is not an absolute URI without fragment")
        }
        switch scheme {
        case "https":
            guard url.host?.isEmpty == false else { break }
            return value
        case "http":
            guard let host = url.host, ["127.0.0.1", "::1", "[::1]", "localhost"].contains(host) else {
                throw InvalidInput("'\(value)': plain http is allowed for loopback addresses only")
            }
            return value
        default:
            if scheme.contains(".") { return value }
        }
        throw InvalidInput("'\(value)' is not an https URL, a loopback http URL or a private-use scheme such as com.example.app:/callback")
    }
}

extension Validation {
    /// What an application registers for sign-out (issue 16, item 1): post-logout redirect URIs follow the rules of
    /// redirect URIs (RP-Initiated Logout 1.0 §3.1 asks for the same care); the back-channel logout URI is the provider's
    /// to call, so `https`, or `http` on a loopback address, and never a fragment (Back-Channel Logout 1.0 §2.2).
    package static func logout(_ logout: LogoutRegistration) throws(InvalidInput) -> LogoutRegistration {
        let uris = try logout.postLogoutRedirectURIs.map(redirectURI)
        guard let backchannel = logout.backchannelLogoutURI else { return LogoutRegistration(postLogoutRedirectURIs: uris) }
        guard try redirectURI(backchannel).lowercased().hasPrefix("http") else {
            throw InvalidInput("'\(backchannel)': a back-channel logout URI is an https URL, or a loopback http URL")
        }
        return LogoutRegistration(postLogoutRedirectURIs: uris, backchannelLogoutURI: backchannel)
    }
}

extension Validation {
    /// A rate limit counts per second or minute, a quota per hour, day or calendar month (issue 3).
    package static func limits(_ limits: Limits) throws(InvalidInput) -> Limits {
        if let rate = limits.rate, !Period.ratePeriods.contains(rate.period) {
            throw InvalidInput("a rate limit is N/second or N/minute, not \(rate)")
        }
        if let quota = limits.quota, !Period.quotaPeriods.contains(quota.period) {
            throw InvalidInput("a quota is N/hour, N/day or N/month, not \(quota)")
        }
        return limits
    }

    /// A username: 1 to 64 characters, no spaces nor control characters (it is typed on the login page).
    package static func username(_ value: String) throws(InvalidInput) -> String {
        guard (1...64).contains(value.count),
            !value.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control })
        else {
            throw InvalidInput("a username has 1 to 64 characters, without spaces")
        }
        return value
    }

    /// A password: 8 characters at least, 72 bytes at most (what bcrypt reads), never empty.
    package static func password(_ value: String) throws(InvalidInput) -> String {
        guard value.count >= 8, value.utf8.count <= 72 else {
            throw InvalidInput("a password has at least 8 characters and at most 72 bytes")
        }
        return value
    }

    /// The scopes OpenID Connect defines (Core §5.4, §11).
    package static let openIDScopes: Set<String> = ["openid", "profile", "email", "address", "phone", "offline_access"]

    /// The scope of the developer portal's JSON API (issue 12, item 4): a user's token with it manages that user's
    /// applications at `/portal/api/v1`.
    package static let portalScope = "portal"

    /// The platform's own scopes, which any application may ask an end user for and no API may declare as its own:
    /// OpenID Connect's and the portal's.
    package static let platformScopes: Set<String> = openIDScopes.union([portalScope])

    /// API scopes: scope-tokens of RFC 6749 §3.3 (visible ASCII but `"` and `\`), 1 to 64 characters, none of
    /// the platform's own (``platformScopes``); returned sorted and without repeats.
    package static func scopes(_ values: [String]) throws(InvalidInput) -> [String] {
        for value in values {
            guard (1...64).contains(value.utf8.count),
                value.utf8.allSatisfy({ $0 == 0x21 || (0x23...0x5B).contains($0) || (0x5D...0x7E).contains($0) })
            else {
                throw InvalidInput("'\(value)' is not a scope: 1 to 64 visible characters, no space, quote or backslash")
            }
            guard !platformScopes.contains(value) else {
                throw InvalidInput("'\(value)' is one of the platform's own scopes, not an API's")
            }
        }
        return Set(values).sorted()
    }

    /// A refused call is answered 403, as seed 003 shows, or 429 for APIs that want it.
    package static func limitStatus(_ status: Int) throws(InvalidInput) -> Int {
        guard status == 403 || status == 429 else { throw InvalidInput("the status of a refused call is 403 or 429, not \(status)") }
        return status
    }

    /// Reads `N/period`, or `none` for no limit.
    package static func allowance(_ text: String) throws(InvalidInput) -> Allowance? {
        if text == "none" { return nil }
        guard let allowance = Allowance(text) else {
            throw InvalidInput("'\(text)' is not a limit such as 100/minute, or none")
        }
        return allowance
    }
}

/// Input that a rule of ``Validation`` refused.
package struct InvalidInput: Error, Hashable, Sendable, CustomStringConvertible {
    package var description: String
    package init(_ description: String) { self.description = description }
}
