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
