import Foundation
import PlatformStore
import PlatformTesting
import Testing

/// `orangerie keys list`: each key's schedule (issue 16, item 3).
@Suite struct KeysCommandTests {
    @Test(arguments: StoreDriver.available) func listsEachKeysScheduleInSigningOrder(driver: StoreDriver) async throws {
        let cli = try await AdminCommands(driver)
        let now = Date()
        func key(_ kid: String, signsFrom offset: TimeInterval) -> SigningKey {
            SigningKey(kid: kid, algorithm: "RS256", sealedPrivateKey: Data(), createdAt: now - 7200, signsFrom: now + offset)
        }
        let store = try await cli.database.openStore()
        for key in [key("retired", signsFrom: -7200), key("signing", signsFrom: -600), key("scheduled", signsFrom: 86400)] {
            try await store.addSigningKey(key)
        }
        await store.shutdown()

        let listed = try await cli.run(["keys", "list", "--token-lifetime", "3600"])
        #expect(listed.status == 0, "\(listed.stderr)")
        let keys = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        #expect(keys.map { $0["kid"] as? String } == ["retired", "signing", "scheduled"])
        #expect(keys.map { $0["state"] as? String } == ["retired", "signing", "scheduled"])
        let dates = ISO8601DateFormatter()
        func date(_ index: Int, _ field: String) -> Date? { (keys[index][field] as? String).flatMap(dates.date(from:)) }
        #expect(date(0, "signs_until") == date(1, "signs_from"))
        #expect(date(0, "published_until") == date(1, "signs_from").map { $0 + 3600 })
        #expect(date(1, "signs_until") == date(2, "signs_from"))
        #expect(keys[2]["signs_until"] == nil && keys[2]["published_until"] == nil)
        await cli.database.drop()
    }
}
