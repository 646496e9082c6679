import Foundation
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

/// Failures counted per key in fixed windows, with bounded memory (issue 10, item 4).
@Suite struct InMemoryFailureThrottleTests {
    @Test func countsFailuresOnlyAndASuccessClearsThem() {
        let time = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        let throttle = InMemoryFailureThrottle(limit: 3, clock: time.clock)
        for _ in 0..<3 {
            #expect(throttle.check("alice").allowed)
            throttle.recordFailure("alice")
        }
        let refused = throttle.check("alice")
        #expect(!refused.allowed)
        #expect(refused.resetAfter == 60)
        #expect(throttle.check("bob").allowed)
        throttle.clear("alice")
        #expect(throttle.check("alice").allowed)
        for _ in 0..<3 { throttle.recordFailure("alice") }
        time.advance(by: 60)
        #expect(throttle.check("alice").allowed)  // a new window
    }

    @Test func memoryStaysBoundedUnderAFloodOfDistinctKeys() {
        let time = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        let throttle = InMemoryFailureThrottle(limit: 5, capacity: 10_000, clock: time.clock)
        for _ in 0..<5 { throttle.recordFailure("victim") }
        for index in 0..<100_000 { throttle.recordFailure("user\(index)") }
        #expect(throttle.count <= 10_000)
        #expect(!throttle.check("victim").allowed)  // the flood did not wipe a key being guessed at
        let long = String(repeating: "é", count: 100_000)
        throttle.recordFailure(long)
        #expect(throttle.count <= 10_000)
        #expect(throttle.check(long + "x").remaining == 4)  // the key is cut: the same beyond its first bytes
    }
}
