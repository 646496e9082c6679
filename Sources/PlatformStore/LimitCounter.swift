/// One counter of a limiter: how many calls `key` made in the `period` window that ends at `windowEnd`.
package struct LimitCounter: Hashable, Sendable {
    package var key: String
    package var period: Period
    /// End of the window, in whole seconds since 1970.
    package var windowEnd: Int
    package var count: Int

    package init(key: String, period: Period, windowEnd: Int, count: Int) {
        self.key = key
        self.period = period
        self.windowEnd = windowEnd
        self.count = count
    }
}

/// What one counting statement of a ``LimitCounterStore`` saw: the count after it, the window it counted in, and
/// the database's time, so that a caller computes `Retry-After` from the clock that decided.
package struct LimitCount: Hashable, Sendable {
    /// Whether the amount was added; false when it would have passed the limit.
    package var added: Bool
    /// The window's count after the statement.
    package var count: Int
    /// End of the window, in whole seconds since 1970: ``Period/window(containing:)`` of ``now``.
    package var windowEnd: Int
    /// Seconds since 1970 on the database's clock when the statement ran.
    package var now: Double

    package init(added: Bool, count: Int, windowEnd: Int, now: Double) {
        self.added = added
        self.count = count
        self.windowEnd = windowEnd
        self.now = now
    }
}
