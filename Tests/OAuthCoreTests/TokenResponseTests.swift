import Foundation
import OAuthCore
import Testing

@Suite struct TokenResponseTests {
    @Test func decodesTheSeedExample() throws {
        let json = #"{"token_type": "Bearer", "access_token": "i6m2iIcY0SodWSe...L3ojAXXrH", "expires_in": 3600}"#
        let response = try JSONDecoder().decode(TokenResponse.self, from: Data(json.utf8))
        #expect(response == TokenResponse(accessToken: "i6m2iIcY0SodWSe...L3ojAXXrH", expiresIn: 3600))
    }

    @Test func acceptsExpiresInAsAString() throws {
        let json = #"{"token_type": "Bearer", "access_token": "abc", "expires_in": "3600"}"#
        #expect(try JSONDecoder().decode(TokenResponse.self, from: Data(json.utf8)).expiresIn == 3600)
    }

    @Test func refusesAnExpiresInThatIsNotANumber() {
        let json = #"{"token_type": "Bearer", "access_token": "abc", "expires_in": "soon"}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(TokenResponse.self, from: Data(json.utf8)) }
    }

    @Test func encodesTheWireNamesAndOmitsAbsentFields() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(TokenResponse(accessToken: "abc", expiresIn: 3600)), as: UTF8.self)
        #expect(json == #"{"access_token":"abc","expires_in":3600,"token_type":"Bearer"}"#)
    }

    @Test func descriptionHidesTheTokens() {
        let response = TokenResponse(accessToken: "secret-access", expiresIn: 3600, refreshToken: "secret-refresh")
        #expect(!"\(response)".contains("secret"))
    }
}

@Suite struct OAuthErrorTests {
    @Test func encodesRFC6749Names() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(OAuthError.duplicateCredentials), as: UTF8.self)
        #expect(json == #"{"error":"invalid_request","error_description":"Duplicate credentials"}"#)
    }

    @Test func decodesAnUnknownCode() throws {
        let error = try JSONDecoder().decode(OAuthError.self, from: Data(#"{"error":"slow_down"}"#.utf8))
        #expect(error.error.rawValue == "slow_down")
        #expect(error.errorDescription == nil)
    }
}
