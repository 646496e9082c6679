import OAuthCore
import Testing

@Suite struct FormEncodingTests {
    @Test func decodesFieldsInOrderWithEscapes() throws {
        let fields = try FormEncoding.decode("grant_type=client_credentials&scope=openid+profile&redirect_uri=https%3A%2F%2Fwww.myserver.com")
        #expect(fields == [
            .init("grant_type", "client_credentials"), .init("scope", "openid profile"),
            .init("redirect_uri", "https://www.myserver.com"),
        ])
    }

    @Test func keepsRepeatedAndEmptyFields() throws {
        #expect(try FormEncoding.decode("a=1&a=2&b=&c") == [.init("a", "1"), .init("a", "2"), .init("b", ""), .init("c", "")])
    }

    @Test(arguments: ["a=%zz", "a=%4", "a=%C3%28", "%=1"])
    func refusesMalformedEscapes(_ body: String) {
        #expect(throws: FormEncoding.MalformedError.self) { try FormEncoding.decode(body) }
    }

    @Test func refusesBytesThatAreNotUTF8() {
        #expect(throws: FormEncoding.MalformedError.self) { try FormEncoding.decode(bytes: [0x61, 0x3D, 0xFF, 0xFE]) }
    }

    @Test func encodingRoundTrips() throws {
        let fields: [FormEncoding.Field] = [.init("scope", "openid profile"), .init("x", "a&b=c/é%+~")]
        let encoded = FormEncoding.encode(fields)
        #expect(encoded == "scope=openid+profile&x=a%26b%3Dc%2F%C3%A9%25%2B~")
        #expect(try FormEncoding.decode(encoded) == fields)
    }
}
