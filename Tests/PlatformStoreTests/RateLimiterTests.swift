import Foundation
import PlatformStore
import Synchronization
import Testing

/// A wall clock moved by hand.
final class ManualClock: Sendable {
    private let date: Mutex<Date>
    init(_ date: Date) { self.date = Mutex(date) }
    func advance(by seconds: TimeInterval) { date.withLock { $0 += seconds } }
    var clock: WallClock { WallClock { self.date.withLock { $0 } } }
}

@Suite struct RateLimiterTests {
    @Test func allowsTheLimitThenRefusesUntilTheWindowEnds() {
        let time = ManualClock(Date(timeIntervalSince1970: 1_800_000_000 + 15))  // 15 s into a minute
        let limiter = InMemoryRateLimiter(clock: time.clock)
        for expectedRemaining in (0..<50).reversed() {
            let decision = limiter.consume(key: "app", limit: 50, window: .minute)
            #expect(decision.allowed)
            #expect(decision.remaining == expectedRemaining)
        }
        let refused = limiter.consume(key: "app", limit: 50, window: .minute)
        #expect(!refused.allowed)
        #expect(refused.resetAfter == 45)
        #expect(limiter.consume(key: "other", limit: 50, window: .minute).allowed)
        time.advance(by: 45)
        #expect(limiter.consume(key: "app", limit: 50, window: .minute).remaining == 49)
    }

    @Test func refusedRequestsDoNotCount() {
        let time = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        let limiter = InMemoryRateLimiter(clock: time.clock)
        #expect(limiter.consume(key: "app", limit: 1, window: .minute).allowed)
        for _ in 0..<10 { #expect(!limiter.consume(key: "app", limit: 1, window: .minute).allowed) }
        time.advance(by: 60)
        let decision = limiter.consume(key: "app", limit: 1, window: .minute)
        #expect(decision.allowed && decision.remaining == 0)
    }
}
