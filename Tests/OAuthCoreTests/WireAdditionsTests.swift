import Foundation
import OAuthCore
import Testing

/// What the SDK needs from the wire types: unknown fields kept, scopes, both error conventions, the portal header.
@Suite struct WireAdditionsTests {
    @Test func keepsUnknownFieldsOfATokenResponseAndWritesThemBack() throws {
        let json = #"{"token_type":"Bearer","access_token":"abc","expires_in":"3600","ext":{"region":"eu"},"n":2}"#
        let response = try JSONDecoder().decode(TokenResponse.self, from: Data(json.utf8))
        #expect(response.expiresIn == 3600)
        #expect(response.additionalFields == ["ext": .object(["region": .string("eu")]), "n": .number(2)])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(response), as: UTF8.self)
            == #"{"access_token":"abc","expires_in":3600,"ext":{"region":"eu"},"n":2,"token_type":"Bearer"}"#)
    }

    @Test func scopesAreASetWrittenInOneOrder() {
        let scopes = Scopes(parsing: "  openid  profile openid ")
        #expect(scopes == ["profile", "openid"])
        #expect(scopes.description == "openid profile")
        #expect(scopes.contains(["openid"]))
        #expect(!scopes.contains(["email"]))
        #expect(TokenResponse(accessToken: "a", expiresIn: 1, scope: "b a").scopes == ["a", "b"])
    }

    @Test func readsEitherErrorConvention() {
        #expect(ErrorBody(json: Data(#"{"error":"invalid_client","error_description":"x"}"#.utf8))
            == .oauth(OAuthError(.invalidClient, "x")))
        #expect(ErrorBody(json: Data(#"{"code":42,"message":"Expired credentials","description":"d"}"#.utf8))?.orangeError?.code == 42)
        #expect(ErrorBody(json: Data(#"{"code":53,"message":"Too Many Requests"}"#.utf8))?.orangeError?.description == "")
        #expect(ErrorBody(json: Data("<html>bad gateway</html>".utf8)) == nil)
    }

    @Test func readsThePortalHeaderHoweverItWasCopied() throws {
        let credentials = ClientCredentials(clientID: "abc", clientSecret: "s:3 cr%t")
        let header = credentials.authorizationHeader()
        let bare = String(header.dropFirst("Basic ".count))
        for pasted in [bare, header, "Authorization: \(header)\n", "  \(bare)  "] {
            let read = try ClientCredentials(portalHeader: pasted)
            #expect(read == credentials, "\(pasted)")
            #expect(read.authorizationHeader(.raw) == header)
        }
        #expect(throws: ClientCredentials.ParseError.malformed) { try ClientCredentials(portalHeader: "not-base64!") }
        #expect(throws: ClientCredentials.ParseError.notBasic) { try ClientCredentials(portalHeader: "Bearer abc") }
    }

    @Test func chosesTheBasicEncodingExplicitly() {
        let credentials = ClientCredentials(clientID: "a b", clientSecret: "c:d")
        #expect(credentials.authorizationHeader(.raw) == "Basic " + Data("a b:c:d".utf8).base64EncodedString())
        #expect(credentials.authorizationHeader(.formEncoded) == "Basic " + Data("a+b:c%3Ad".utf8).base64EncodedString())
    }
}
