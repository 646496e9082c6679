import PlatformServices
import Testing

/// RFC 6750 §2.1 and RFC 9449 §7.1, as ``AccessTokenVerifier/presentedToken(in:)`` reads them byte by byte on every
/// gateway call.
@Suite struct BearerTokenTests {
    @Test(arguments: ["Bearer abc.DEF-1", "bearer abc.DEF-1", "BEARER abc.DEF-1", "bEaReR abc.DEF-1", "Bearer    abc.DEF-1"])
    func readsTheTokenWhateverTheSchemeCaseAndSpacing(_ value: String) {
        #expect(AccessTokenVerifier.bearerToken(in: [value]) == "abc.DEF-1")
    }

    @Test(arguments: [
        "Basic abc", "Bearerabc", "Bearer", "Bearer ", "Bearer   ", "Bearer abc def", "Bearer abc ", "Bearers abc",
        "Bear abc", "Bearer\tabc", "Béarer abc", "Bearer\u{301} abc", "",
    ])
    func refusesAnythingElse(_ value: String) {
        #expect(AccessTokenVerifier.bearerToken(in: [value]) == nil)
    }

    @Test func refusesTwoAuthorizationFields() {
        #expect(AccessTokenVerifier.bearerToken(in: ["Bearer abc", "Bearer abc"]) == nil)
        #expect(AccessTokenVerifier.bearerToken(in: []) == nil)
    }

    @Test func readsADPoPTokenWithItsScheme() {
        #expect(AccessTokenVerifier.presentedToken(in: ["DPoP abc.DEF-1"]) == PresentedToken(scheme: .dpop, value: "abc.DEF-1"))
        #expect(AccessTokenVerifier.presentedToken(in: ["dpop  abc"]) == PresentedToken(scheme: .dpop, value: "abc"))
        #expect(AccessTokenVerifier.presentedToken(in: ["Bearer abc"]) == PresentedToken(scheme: .bearer, value: "abc"))
        #expect(AccessTokenVerifier.bearerToken(in: ["DPoP abc"]) == nil, "where only bearer tokens go, a DPoP token does not")
        #expect(AccessTokenVerifier.presentedToken(in: ["DPoPabc"]) == nil)
        #expect(AccessTokenVerifier.presentedToken(in: ["DPoPs abc"]) == nil)
    }
}
