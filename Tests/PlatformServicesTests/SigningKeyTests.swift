import Crypto
import Foundation
import PlatformServices
import PlatformStore
import Testing

@Suite struct SigningKeyTests {
    /// RFC 7638 §3.1's example key and thumbprint.
    @Test func namesKeysByTheirRFC7638Thumbprint() throws {
        let n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMs"
            + "tn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n"
            + "91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"
        func decode(_ text: String) -> Data {
            var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
            return Data(base64Encoded: base64)!
        }
        #expect(SigningKeyFactory.thumbprint(modulus: decode(n), exponent: decode("AQAB")) == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs")
    }

    @Test func sealsThePrivateKeyBoundToItsKid() async throws {
        let vault = CredentialVault(masterKey: SymmetricKey(size: .bits256))
        let key = try await SigningKeyFactory.makeRS256(vault: vault, now: Date())
        #expect(key.algorithm == "RS256")
        let pem = String(decoding: try vault.open(key.sealedPrivateKey, boundTo: key.kid), as: UTF8.self)
        #expect(pem.hasPrefix("-----BEGIN"))
        #expect(key.sealedPrivateKey.range(of: Data("PRIVATE KEY".utf8)) == nil)
        #expect(throws: (any Error).self) { try vault.open(key.sealedPrivateKey, boundTo: "another") }
    }

    @Test func keepsAReplacedKeyPublishedForTheOverlap() {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        func key(_ kid: String, _ offset: TimeInterval) -> SigningKey {
            SigningKey(kid: kid, algorithm: "RS256", sealedPrivateKey: Data(), createdAt: start + offset)
        }
        let keys = [key("c", 7200), key("a", 0), key("b", 3600)]
        #expect(keys.published(at: start + 7200, overlap: 3600).map(\.kid) == ["b", "c"])
        #expect(keys.published(at: start + 7200 + 3599, overlap: 3600).map(\.kid) == ["b", "c"])
        #expect(keys.published(at: start + 7200 + 3600, overlap: 3600).map(\.kid) == ["c"])
        #expect(Array(keys.prefix(0)).published(at: start, overlap: 3600).isEmpty)
    }

    /// Issue 16, item 3: a key published ahead of use signs from its `signsFrom`; the one it replaces signs until then.
    @Test func aScheduledKeyIsPublishedBeforeItSigns() {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let old = SigningKey(kid: "old", algorithm: "RS256", sealedPrivateKey: Data(), createdAt: start)
        let next = SigningKey(kid: "next", algorithm: "RS256", sealedPrivateKey: Data(), createdAt: start + 3480, signsFrom: start + 3600)
        let keys = [next, old]
        #expect(keys.signing(at: start + 3480)?.kid == "old")
        #expect(keys.published(at: start + 3480, overlap: 600).map(\.kid) == ["old", "next"])
        #expect(keys.signing(at: start + 3600)?.kid == "next")
        #expect(keys.published(at: start + 3600 + 599, overlap: 600).map(\.kid) == ["old", "next"])
        #expect(keys.published(at: start + 3600 + 600, overlap: 600).map(\.kid) == ["next"])
        // A key made to sign at once signs even on a machine whose clock is behind the one that made it.
        let rotatedElsewhere = SigningKey(kid: "rotated", algorithm: "RS256", sealedPrivateKey: Data(), createdAt: start + 10)
        #expect([old, rotatedElsewhere].signing(at: start + 5)?.kid == "rotated")
        #expect([next].signing(at: start)?.kid == "next")
        #expect([SigningKey]().signing(at: start) == nil)
    }
}
