import Foundation
import PlatformServices
import PlatformStore
import PlatformTesting
import Testing

@Suite struct RateLimiterTests {
    @Test func allowsTheLimitThenRefusesUntilTheWindowEnds() {
        let time = ManualClock(Date(timeIntervalSince1970: 1_800_000_000 + 15))  // 15 s into a minute
        let limiter = InMemoryRateLimiter(clock: time.clock)
        for expectedRemaining in (0..<50).reversed() {
            let decision = limiter.consume(key: "app", limit: 50, period: .minute)
            #expect(decision.allowed)
            #expect(decision.remaining == expectedRemaining)
        }
        let refused = limiter.consume(key: "app", limit: 50, period: .minute)
        #expect(!refused.allowed)
        #expect(refused.resetAfter == 45)
        #expect(limiter.consume(key: "other", limit: 50, period: .minute).allowed)
        time.advance(by: 45)
        #expect(limiter.consume(key: "app", limit: 50, period: .minute).remaining == 49)
    }

    @Test func refusedRequestsDoNotCount() {
        let time = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        let limiter = InMemoryRateLimiter(clock: time.clock)
        #expect(limiter.consume(key: "app", limit: 1, period: .minute).allowed)
        for _ in 0..<10 { #expect(!limiter.consume(key: "app", limit: 1, period: .minute).allowed) }
        time.advance(by: 60)
        let decision = limiter.consume(key: "app", limit: 1, period: .minute)
        #expect(decision.allowed && decision.remaining == 0)
    }
}

@Suite struct LimitCounterTests {
    @Test func quotaCountersCanBeTakenOutAndPutBack() {
        let time = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        let limiter = InMemoryRateLimiter(clock: time.clock)
        _ = limiter.consume(key: "quota", limit: 5, period: .day)
        _ = limiter.consume(key: "quota", limit: 5, period: .day)
        _ = limiter.consume(key: "rate", limit: 5, period: .minute)
        let taken = limiter.takeChangedCounters()
        #expect(taken.map(\.key) == ["quota"])
        #expect(taken.first?.count == 2)
        #expect(limiter.takeChangedCounters().isEmpty)
        _ = limiter.consume(key: "quota", limit: 5, period: .day)
        #expect(limiter.takeChangedCounters().map(\.count) == [1], "what was counted since the last take: a delta to add")
        _ = limiter.consume(key: "quota", limit: 5, period: .day)
        time.advance(by: 86400)
        #expect(limiter.takeChangedCounters().isEmpty, "the delta of a window that ended is left out")

        time.advance(by: -86400)
        let restarted = InMemoryRateLimiter(clock: time.clock)
        restarted.restore(taken)
        #expect(restarted.consume(key: "quota", limit: 5, period: .day).remaining == 2)
        restarted.restore(taken)  // an older, lower count never lowers what was counted since
        #expect(restarted.consume(key: "quota", limit: 5, period: .day).remaining == 1)
    }
}

@Suite struct PeriodTests {
    @Test func windowsAlignOnUTCCalendarBoundaries() {
        let date = ISO8601DateFormatter().date(from: "2026-02-14T10:20:30Z")!
        func iso(_ seconds: Int) -> String { ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(seconds))) }
        #expect(Period.second.window(containing: date).end - Period.second.window(containing: date).start == 1)
        let minute = Period.minute.window(containing: date)
        #expect(iso(minute.start) == "2026-02-14T10:20:00Z" && iso(minute.end) == "2026-02-14T10:21:00Z")
        let day = Period.day.window(containing: date)
        #expect(iso(day.start) == "2026-02-14T00:00:00Z" && iso(day.end) == "2026-02-15T00:00:00Z")
        let month = Period.month.window(containing: date)
        #expect(iso(month.start) == "2026-02-01T00:00:00Z" && iso(month.end) == "2026-03-01T00:00:00Z")
    }

    @Test func allowancesReadAndWriteTheirText() {
        #expect(Allowance("100/minute") == Allowance(count: 100, period: .minute))
        #expect(Allowance("100/minute")?.description == "100/minute")
        for bad in ["", "100", "0/minute", "-1/day", "10/week", "x/day", "10/day/2"] { #expect(Allowance(bad) == nil, "\(bad)") }
        #expect(Limits(rate: Allowance("1/second")).overridden(by: Limits(quota: Allowance("5/day")))
            == Limits(rate: Allowance("1/second"), quota: Allowance("5/day")))
    }
}
