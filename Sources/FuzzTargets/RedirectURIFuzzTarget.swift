import AuthorizationServer

/// `RedirectURIMatch.registered(_:among:)`, which decides where an authorization response may go (seed 003: only
/// "the value specified during the registration process"; RFC 8252 §7.3: any port on a loopback IP literal).
///
/// The input's first line is the presented `redirect_uri`; any further lines are registered besides the fixed ones.
/// Checks that matching never traps, and that a match is the presented URI and either the very bytes of a
/// registered one, or a loopback IP literal with a port from 1 to 65535 whose URI without the port is registered.
enum RedirectURIFuzzTarget {
    static let fixed = [
        "https://app.example.com/cb", "http://127.0.0.1/callback", "http://[::1]/callback", "http://127.0.0.1:8000/fixed",
        "com.example.app:/oauth2redirect", "https://shop.example.com/Kallback;v=2",
    ]

    static func run(_ bytes: [UInt8]) {
        let lines = FuzzInput.lines(bytes)
        let presented = lines[0]
        let registered = fixed + lines.dropFirst()
        guard let match = RedirectURIMatch.registered(presented, among: registered) else { return }
        check(FuzzInput.identical(match, presented), "redirect_uri: \(presented.debugDescription) matched as \(match.debugDescription)")
        check(
            registered.contains { FuzzInput.identical($0, presented) } || isLoopbackWithPort(presented, among: registered),
            "redirect_uri: \(presented.debugDescription) accepted, but it is not byte for byte a registered one")
    }

    /// RFC 8252 §7.3, written again on bytes: `http://127.0.0.1:PORT/…` or `http://[::1]:PORT/…`, PORT a number from
    /// 1 to 65535 without a leading zero, and the URI without `:PORT` registered.
    private static func isLoopbackWithPort(_ presented: String, among registered: [String]) -> Bool {
        let bytes = Array(presented.utf8)
        for origin in ["http://127.0.0.1", "http://[::1]"].map({ Array($0.utf8) }) where bytes.starts(with: origin + [UInt8(ascii: ":")]) {
            let afterColon = bytes.dropFirst(origin.count + 1)
            let digits = afterColon.prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
            let rest = afterColon.dropFirst(digits.count)
            guard (1...5).contains(digits.count), digits.first != UInt8(ascii: "0"),
                let port = Int(String(decoding: digits, as: UTF8.self)), port <= 65535, rest.first == UInt8(ascii: "/")
            else { return false }
            return registered.contains { $0.utf8.elementsEqual(origin + rest) }
        }
        return false
    }
}
