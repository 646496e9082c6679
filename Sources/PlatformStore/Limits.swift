import Foundation

/// How many calls an application may make to an API: a rate limit (per second or minute) and a quota (per
/// hour, day or calendar month), each optional (issue 3, "Limits"; seed 000: "access quotas, restricting the
/// number of API calls within a specific timeframe").
package struct Limits: Hashable, Sendable {
    package var rate: Allowance?
    package var quota: Allowance?

    package init(rate: Allowance? = nil, quota: Allowance? = nil) {
        self.rate = rate
        self.quota = quota
    }

    package static let none = Limits()

    /// These limits with each of `override`'s set limits in place of the one here.
    package func overridden(by override: Limits?) -> Limits {
        Limits(rate: override?.rate ?? rate, quota: override?.quota ?? quota)
    }
}

/// `count` calls per `period`, written `100/minute`.
package struct Allowance: Hashable, Sendable, CustomStringConvertible {
    package var count: Int
    package var period: Period

    package init(count: Int, period: Period) {
        self.count = count
        self.period = period
    }

    /// Reads `N/second`, `N/minute`, `N/hour`, `N/day` or `N/month`; nil for anything else.
    package init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let count = Int(parts[0]), count > 0, let period = Period(rawValue: String(parts[1])) else {
            return nil
        }
        self.init(count: count, period: period)
    }

    package var description: String { "\(count)/\(period.rawValue)" }
}

/// A counting window. Every window is aligned on UTC calendar boundaries (the month is a calendar month), so
/// that every instance agrees on where a window starts and ends.
package enum Period: String, Hashable, Sendable, CaseIterable {
    case second, minute, hour, day, month

    /// The periods a rate limit may use; quotas use the others.
    package static let ratePeriods: [Period] = [.second, .minute]
    package static let quotaPeriods: [Period] = [.hour, .day, .month]

    /// Start and end, in whole seconds since 1970, of the window that contains `date`.
    package func window(containing date: Date) -> (start: Int, end: Int) {
        let now = Int(date.timeIntervalSince1970.rounded(.down))
        let length: Int
        switch self {
        case .second: length = 1
        case .minute: length = 60
        case .hour: length = 3600
        case .day: length = 86400
        case .month:
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let interval = calendar.dateInterval(of: .month, for: date)!
            return (Int(interval.start.timeIntervalSince1970), Int(interval.end.timeIntervalSince1970))
        }
        let start = now - now % length
        return (start, start + length)
    }
}
