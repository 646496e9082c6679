import Foundation
import OAuthCore
import Testing

@Suite struct ClientCredentialsTests {
    let credentials = ClientCredentials(clientID: "6KRHymujFP8s", clientSecret: "s3cr3t")

    @Test func buildsTheHeaderOfTheSeeds() {
        // Seed 003: "Basic" + base64(client_id + ":" + client_secret).
        #expect(credentials.authorizationHeader() == "Basic " + Data("6KRHymujFP8s:s3cr3t".utf8).base64EncodedString())
    }

    @Test func formEncodesWhenAskedOnly() {
        let odd = ClientCredentials(clientID: "a b", clientSecret: "c:d")
        #expect(odd.authorizationHeader(.raw) == "Basic " + Data("a b:c:d".utf8).base64EncodedString())
        #expect(odd.authorizationHeader(.formEncoded) == "Basic " + Data("a+b:c%3Ad".utf8).base64EncodedString())
    }

    @Test func parsesAHeaderCopiedFromThePortal() throws {
        #expect(try ClientCredentials(authorizationHeader: credentials.authorizationHeader()) == credentials)
        #expect(try ClientCredentials(authorizationHeader: "  basic " + Data("id:se:cret".utf8).base64EncodedString())
            == ClientCredentials(clientID: "id", clientSecret: "se:cret"))
    }

    @Test func refusesOtherSchemes() {
        #expect(throws: ClientCredentials.ParseError.notBasic) { try ClientCredentials(authorizationHeader: "Bearer abc") }
        #expect(throws: ClientCredentials.ParseError.notBasic) { try ClientCredentials(authorizationHeader: "Basic") }
    }

    @Test(arguments: [
        "Basic not-base64!",
        "Basic " + Data("no-colon".utf8).base64EncodedString(),
        "Basic " + Data([0xFF, 0x3A, 0xFE]).base64EncodedString(),
    ])
    func refusesMalformedValues(_ header: String) {
        #expect(throws: ClientCredentials.ParseError.malformed) { try ClientCredentials(authorizationHeader: header) }
    }

    @Test func neverPrintsTheSecret() {
        #expect(!"\(credentials)".contains("s3cr3t"))
        #expect(!String(reflecting: credentials).contains("s3cr3t"))
    }
}
