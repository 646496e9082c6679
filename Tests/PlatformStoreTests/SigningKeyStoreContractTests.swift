import Foundation
import PlatformStore
import PlatformTesting
import Testing

/// `SigningKeyStore`'s rule for automatic rotation (issue 16, item 3): of instances that rotate at the same moment,
/// one adds the key.
@Suite struct SigningKeyStoreContractTests {
    static let start = Date(timeIntervalSince1970: 1_900_000_000)

    static func key(_ kid: String, signsFrom offset: TimeInterval) -> SigningKey {
        SigningKey(kid: kid, algorithm: "RS256", sealedPrivateKey: Data(kid.utf8), createdAt: start, signsFrom: start + offset)
    }

    @Test(arguments: StoreDriver.available) func oneOfTwoInstancesRotatingTogetherAddsTheKey(driver: StoreDriver) async throws {
        try await driver.withStores(2) { stores in
            try await stores[0].addSigningKey(Self.key("first", signsFrom: 0))
            let threshold = Self.start + 100
            async let one = stores[0].addSigningKey(Self.key("one", signsFrom: 120), unlessOneSignsFrom: threshold)
            async let other = stores[1].addSigningKey(Self.key("other", signsFrom: 120), unlessOneSignsFrom: threshold)
            #expect(Set([try await one, try await other]) == [true, false])
            let keys = try await stores[1].signingKeys()
            #expect(keys.count == 2)
            #expect(keys.map(\.signsFrom) == [Self.start, Self.start + 120])
            #expect(keys.map(\.createdAt) == [Self.start, Self.start])
            // An operator's rotation is never refused.
            try await stores[1].addSigningKey(Self.key("manual", signsFrom: 60))
            #expect(try await stores[0].signingKeys().count == 3)
        }
    }
}
