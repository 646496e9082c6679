import AuthorizationServer
import Testing

/// Seed 003's exact redirect_uri match, and RFC 8252 §7.3's any port on a loopback IP literal.
@Suite struct RedirectURIMatchTests {
    let registered = ["https://app.example.com/cb", "http://127.0.0.1/callback", "http://[::1]/callback", "http://127.0.0.1:8000/fixed"]

    @Test func onlyTheRegisteredStringMatches() {
        #expect(RedirectURIMatch.registered("https://app.example.com/cb", among: registered) != nil)
        for presented in [
            "https://app.example.com/cb/", "https://app.example.com/cb?x=1", "https://app.example.com/cb#f", "https://app.example.com/CB",
            "https://app.example.com:443/cb", "https://app.example.com/c", "https://app.example.com/cb/../cb", "",
        ] {
            #expect(RedirectURIMatch.registered(presented, among: registered) == nil, "\(presented)")
        }
    }

    @Test func aLoopbackIPLiteralAcceptsAnyPortAndNothingElse() {
        for presented in ["http://127.0.0.1:1/callback", "http://127.0.0.1:65535/callback", "http://[::1]:49152/callback"] {
            #expect(RedirectURIMatch.registered(presented, among: registered) == presented)
        }
        for presented in [
            "http://127.0.0.1:0/callback", "http://127.0.0.1:65536/callback", "http://127.0.0.1:080/callback",
            "http://127.0.0.1:8080/callback2", "http://127.0.0.1:8080/callback?x", "http://127.0.0.1:/callback",
            "http://127.0.0.1:8080", "http://127.0.0.1:9000/fixed", "http://localhost:8080/callback",
            "https://127.0.0.1:8080/callback", "http://127.0.0.1:8080@evil.example/callback",
        ] {
            #expect(RedirectURIMatch.registered(presented, among: registered) == nil, "\(presented)")
        }
    }
}
