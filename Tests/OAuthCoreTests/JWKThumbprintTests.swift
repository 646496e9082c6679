import Foundation
import OAuthCore
import Testing

/// RFC 7638's JWK thumbprint, which binds a DPoP token to its key (RFC 9449 §6.1), checked against the RFCs' own
/// examples.
@Suite struct JWKThumbprintTests {
    /// RFC 7638 §3.1.
    @Test func anRSAKeysThumbprintIsRFC7638sExample() throws {
        let key = JSONWebKey(
            keyType: "RSA", keyID: "2011-04-29", algorithm: "RS256",
            modulus: "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
            exponent: "AQAB")
        #expect(key.thumbprint == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs")
    }

    /// RFC 9449 §6.1: the `jkt` of the proof key of §4.1's example.
    @Test func aP256KeysThumbprintIsRFC9449sExample() throws {
        let key = JSONWebKey(
            keyType: "EC", curve: "P-256", x: "l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs", y: "9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA")
        #expect(key.thumbprint == "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I")
    }

    /// Members that would need escaping, or a key type without required members, make no thumbprint rather than a
    /// wrong one.
    @Test func aKeyWithoutItsMembersHasNoThumbprint() {
        #expect(JSONWebKey(keyType: "EC", curve: "P-256", x: "abc").thumbprint == nil)
        #expect(JSONWebKey(keyType: "oct").thumbprint == nil)
        #expect(JSONWebKey(keyType: "EC", curve: "P-256", x: #"a"b"#, y: "c").thumbprint == nil)
    }
}
