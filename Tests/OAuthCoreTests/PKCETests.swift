import OAuthCore
import Testing

/// RFC 7636 with S256.
@Suite struct PKCETests {
    @Test func theChallengeOfRFC7636AppendixB() {
        #expect(PKCE.s256Challenge(for: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
    }

    @Test func verifiersAreFortyThreeToAHundredAndTwentyEightUnreservedCharacters() {
        let verifier = PKCE.makeVerifier()
        #expect(verifier.count == 43)
        #expect(PKCE.isValidVerifier(verifier))
        #expect(PKCE.makeVerifier() != verifier)
        #expect(!PKCE.isValidVerifier(String(repeating: "a", count: 42)))
        #expect(PKCE.isValidVerifier(String(repeating: "a", count: 128)))
        #expect(!PKCE.isValidVerifier(String(repeating: "a", count: 129)))
        #expect(!PKCE.isValidVerifier(String(repeating: "a", count: 42) + "+"))
        #expect(PKCE.isValidChallenge(PKCE.s256Challenge(for: verifier)))
        #expect(!PKCE.isValidChallenge("short"))
    }
}
