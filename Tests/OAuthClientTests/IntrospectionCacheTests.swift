import Foundation
import OAuthCore
import Testing

@testable import OAuthClient

/// The cache's decisions without I/O (RFC 7662 §4: reuse an answer briefly, never past `exp`).
@Suite struct IntrospectionCacheTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    func active(expiringIn seconds: TimeInterval) -> Introspection {
        Introspection(isActive: true, clientID: "app", tokenType: "Bearer", expiresAt: start.addingTimeInterval(seconds))
    }

    @Test func anAnswerIsReusedForItsLifetimeOnly() {
        var cache = IntrospectionCache(lifetime: 5, capacity: 10)
        cache.keep(active(expiringIn: 3600), for: "a", at: start)
        cache.keep(.inactive, for: "b", at: start)
        #expect(cache.answer(for: "a", at: start.addingTimeInterval(4.9))?.isActive == true)
        #expect(cache.answer(for: "b", at: start.addingTimeInterval(4.9)) == .inactive)
        #expect(cache.answer(for: "a", at: start.addingTimeInterval(5)) == nil)
        #expect(cache.answer(for: "b", at: start.addingTimeInterval(5)) == nil)
        #expect(cache.answer(for: "c", at: start) == nil)
    }

    @Test func anActiveAnswerIsNeverReusedPastExp() {
        var cache = IntrospectionCache(lifetime: 60, capacity: 10)
        cache.keep(active(expiringIn: 2), for: "a", at: start)
        #expect(cache.answer(for: "a", at: start.addingTimeInterval(1.9)) != nil)
        #expect(cache.answer(for: "a", at: start.addingTimeInterval(2)) == nil)
        // Already expired, or no cache at all: nothing kept.
        cache.keep(active(expiringIn: 0), for: "b", at: start)
        var off = IntrospectionCache(lifetime: 0, capacity: 10)
        off.keep(.inactive, for: "c", at: start)
        #expect(cache.count == 1)
        #expect(off.count == 0)
    }

    @Test func theCacheIsBoundedAndDropsWhatExpiresFirst() {
        var cache = IntrospectionCache(lifetime: 60, capacity: 3)
        cache.keep(active(expiringIn: 30), for: "soon", at: start)
        cache.keep(active(expiringIn: 3600), for: "later", at: start)
        cache.keep(.inactive, for: "inactive", at: start)
        cache.keep(.inactive, for: "new", at: start.addingTimeInterval(1))
        #expect(cache.count == 3)
        #expect(cache.answer(for: "soon", at: start.addingTimeInterval(1)) == nil)
        #expect(cache.answer(for: "new", at: start.addingTimeInterval(1)) == .inactive)
        // Expired entries go first, all of them.
        cache.keep(.inactive, for: "last", at: start.addingTimeInterval(60.5))
        #expect(cache.count == 2)
    }
}
