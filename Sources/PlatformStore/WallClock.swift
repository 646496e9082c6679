import Foundation

/// The time of day, injected so that expiry and windows are tested without sleeping (ARCHITECTURE.md, "Time
/// is injected").
package struct WallClock: Sendable {
    package var now: @Sendable () -> Date

    package init(now: @escaping @Sendable () -> Date) {
        self.now = now
    }

    package static let system = WallClock { Date() }
}
