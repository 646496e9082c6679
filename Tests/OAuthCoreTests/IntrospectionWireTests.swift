import Foundation
import OAuthCore
import Testing

/// RFC 7662 §2.2's response, read as providers write it and written as this platform serves it.
@Suite struct IntrospectionWireTests {
    @Test func readsAudAsAStringOrAnArrayAndDatesAsSeconds() throws {
        let one = try JSONDecoder().decode(
            Introspection.self, from: Data(#"{"active":true,"aud":"api","exp":1800000000.5,"iat":1800000000,"sub":"u","extra":1}"#.utf8))
        #expect(one.audience == ["api"])
        #expect(one.expiresAt == Date(timeIntervalSince1970: 1_800_000_000.5))
        #expect(one.subject == "u")
        let many = try JSONDecoder().decode(Introspection.self, from: Data(#"{"active":true,"aud":["a","b"],"scope":"x y"}"#.utf8))
        #expect(many.audience == ["a", "b"])
        #expect(many.scopes == ["x", "y"])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Introspection.self, from: Data(#"{"scope":"x"}"#.utf8)) }
    }

    @Test func writesWholeSecondsAndLeavesOutWhatIsNil() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let answer = Introspection(
            isActive: true, clientID: "c", tokenType: "Bearer", expiresAt: Date(timeIntervalSince1970: 1_800_000_000.9), audience: ["poi"])
        #expect(
            String(decoding: try encoder.encode(answer), as: UTF8.self)
                == #"{"active":true,"aud":["poi"],"client_id":"c","exp":1800000000,"token_type":"Bearer"}"#)
        #expect(String(decoding: try encoder.encode(Introspection.inactive), as: UTF8.self) == #"{"active":false}"#)
    }
}
