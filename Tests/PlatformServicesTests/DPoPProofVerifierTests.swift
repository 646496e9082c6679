import Crypto
import Foundation
import OAuthCore
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

/// Every check of RFC 9449 §4.3 that ``DPoPProofVerifier`` makes, each with a proof wrong in that one way.
@Suite struct DPoPProofVerifierTests {
    static let url = "https://api.example.com/poi/v1/shops"
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func verifier(_ replays: DPoPReplayCache = DPoPReplayCache()) -> DPoPProofVerifier {
        DPoPProofVerifier(replays: replays, clock: WallClock { [now] in now })
    }

    func refusal(_ forge: ProofForge, method: String = "GET", url: String = url, accessToken: Substring? = nil) throws -> String? {
        let proof = try forge.proof
        do {
            _ = try verifier().verify([proof], method: method, url: url, accessToken: accessToken)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func aValidProofNamesItsKeysThumbprint() throws {
        let forge = ProofForge(accessToken: "tok", issuedAt: now)
        let proof = try verifier().verify([try forge.proof], method: "GET", url: Self.url, accessToken: "tok")
        #expect(proof.keyThumbprint == forge.thumbprint)
    }

    @Test func exactlyOneProof() throws {
        let proof = try ProofForge(issuedAt: now).proof
        #expect(throws: DPoPProofRefusal("No DPoP proof")) { try verifier().verify([], method: "GET", url: Self.url, accessToken: nil) }
        #expect(throws: DPoPProofRefusal("More than one DPoP proof")) {
            try verifier().verify([proof, proof], method: "GET", url: Self.url, accessToken: nil)
        }
        #expect(throws: DPoPProofRefusal.self) { try verifier().verify(["not.a-jwt"], method: "GET", url: Self.url, accessToken: nil) }
        #expect(throws: DPoPProofRefusal("The DPoP proof is too large")) {
            try verifier().verify([String(repeating: "a", count: 5000)], method: "GET", url: Self.url, accessToken: nil)
        }
    }

    @Test func theHeaderMustBeADPoPProofsWithAPublicP256Key() throws {
        var forge = ProofForge(issuedAt: now)
        forge.header["typ"] = "JWT"
        #expect(try refusal(forge)?.contains("typ") == true)
        forge = ProofForge(issuedAt: now)
        forge.header["alg"] = "none"
        #expect(try refusal(forge)?.contains("ES256") == true)
        forge = ProofForge(issuedAt: now)
        var jwk = forge.header["jwk"] as! [String: String]
        jwk["d"] = forge.key.rawRepresentation.base64URLEncodedString()
        forge.header["jwk"] = jwk
        #expect(try refusal(forge)?.contains("not a public P-256 key") == true, "a private key in a proof is refused")
        forge = ProofForge(issuedAt: now)
        forge.header["jwk"] = ["kty": "EC", "crv": "P-384", "x": jwk["x"]!, "y": jwk["y"]!]
        #expect(try refusal(forge)?.contains("not a public P-256 key") == true)
        forge = ProofForge(issuedAt: now)
        forge.signingKey = P256.Signing.PrivateKey()
        #expect(try refusal(forge)?.contains("signature") == true)
    }

    @Test func theProofIsForThisMethodAndURI() throws {
        let forge = ProofForge(method: "GET", url: "HTTPS://API.example.com:443/poi/v1/shops?q=1#top", issuedAt: now)
        #expect(try refusal(forge) == nil, "case, a default port, a query and a fragment do not matter (RFC 3986 §6.2.2, §6.2.3)")
        #expect(try refusal(ProofForge(issuedAt: now), method: "POST")?.contains("htm") == true)
        #expect(try refusal(ProofForge(url: "https://api.example.com/poi/v1/other", issuedAt: now))?.contains("htu") == true)
        #expect(try refusal(ProofForge(url: "https://evil.example.com/poi/v1/shops", issuedAt: now))?.contains("htu") == true)
        #expect(try refusal(ProofForge(url: "http://api.example.com/poi/v1/shops", issuedAt: now))?.contains("htu") == true)
        #expect(try refusal(ProofForge(url: "https://api.example.com:8443/poi/v1/shops", issuedAt: now))?.contains("htu") == true)
    }

    @Test func theProofIsRecent() throws {
        #expect(try refusal(ProofForge(issuedAt: now - 59)) == nil)
        #expect(try refusal(ProofForge(issuedAt: now + 59)) == nil)
        #expect(try refusal(ProofForge(issuedAt: now - 61))?.contains("iat") == true)
        #expect(try refusal(ProofForge(issuedAt: now + 61))?.contains("iat") == true)
    }

    @Test func theProofNamesTheAccessTokenItComesWith() throws {
        #expect(try refusal(ProofForge(accessToken: "tok", issuedAt: now), accessToken: "tok") == nil)
        #expect(try refusal(ProofForge(accessToken: "other", issuedAt: now), accessToken: "tok")?.contains("ath") == true)
        #expect(try refusal(ProofForge(issuedAt: now), accessToken: "tok")?.contains("ath") == true, "no ath at all")
    }

    @Test func aProofIsAcceptedOnce() throws {
        let verifier = verifier()
        let proof = try ProofForge(issuedAt: now).proof
        _ = try verifier.verify([proof], method: "GET", url: Self.url, accessToken: nil)
        #expect(throws: DPoPProofRefusal("The DPoP proof was used before")) {
            try verifier.verify([proof], method: "GET", url: Self.url, accessToken: nil)
        }
        var empty = ProofForge(issuedAt: now)
        empty.claims["jti"] = ""
        #expect(try refusal(empty)?.contains("jti") == true)
    }

    /// Full, the cache forgets its oldest record early, and from then on refuses proofs no later than it: a replay
    /// of a forgotten proof is still refused.
    @Test func aFullReplayCacheShortensTheWindowAndNeverLetsAReplayThrough() {
        let cache = DPoPReplayCache(capacity: 2)
        let now = Date(timeIntervalSince1970: 1000)
        #expect(cache.admit("a", issuedAt: now - 30, forgetAt: now + 120, now: now))
        #expect(cache.admit("b", issuedAt: now - 20, forgetAt: now + 120, now: now))
        #expect(cache.admit("c", issuedAt: now - 10, forgetAt: now + 120, now: now), "forgets a early")
        #expect(cache.count == 2)
        #expect(!cache.admit("a", issuedAt: now - 30, forgetAt: now + 120, now: now), "a's replay: issued no later than a")
        #expect(!cache.admit("d", issuedAt: now - 40, forgetAt: now + 120, now: now), "an older proof than one forgotten")
        #expect(!cache.admit("c", issuedAt: now - 10, forgetAt: now + 120, now: now), "a replay still held")
        #expect(cache.admit("e", issuedAt: now, forgetAt: now + 120, now: now))
        // Once their time is over, records go by themselves.
        #expect(cache.admit("f", issuedAt: now + 200, forgetAt: now + 320, now: now + 200))
        #expect(cache.count == 1)
    }

    /// RFC 9449 §7.1, §7.2: how a resource accepts a token, bound or not.
    @Test func aBoundTokenNeedsTheDPoPSchemeAndAProofOfItsKey() throws {
        let forge = ProofForge(accessToken: "tok", issuedAt: now)
        let bound = IssuedToken(
            digest: TokenDigest(of: "tok"), applicationID: "app", kind: .access, issuedAt: now, expiresAt: now + 60,
            dpopKeyThumbprint: forge.thumbprint)
        var bearer = bound
        bearer.dpopKeyThumbprint = nil
        func check(_ issued: IssuedToken, _ scheme: PresentedToken.Scheme, _ proofs: [String], requires: Bool = false) -> String? {
            do throws(PossessionRefusal) {
                try verifier().checkPossession(
                    of: issued, presented: PresentedToken(scheme: scheme, value: "tok"), proofs: proofs, method: "GET", url: Self.url,
                    requiresDPoP: requires)
                return nil
            } catch {
                return error.error
            }
        }
        let proof = try forge.proof
        #expect(check(bound, .dpop, [proof]) == nil)
        #expect(check(bound, .bearer, [proof]) == "invalid_token", "a bound token is no bearer token")
        #expect(check(bound, .dpop, []) == "invalid_dpop_proof")
        #expect(check(bound, .dpop, [try ProofForge(accessToken: "tok", issuedAt: now).proof]) == "invalid_dpop_proof", "another key")
        #expect(check(bearer, .bearer, []) == nil)
        #expect(check(bearer, .dpop, [proof]) == "invalid_token")
        #expect(check(bearer, .bearer, [], requires: true) == "invalid_token")
    }
}
