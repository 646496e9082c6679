import PlatformServices
import Testing

/// RFC 6750 §2.1, as ``AccessTokenVerifier/bearerToken(in:)`` reads it byte by byte on every gateway call.
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
}
