import Foundation
import PlatformStore
import Synchronization

/// A wall clock moved by hand.
package final class ManualClock: Sendable {
    private let date: Mutex<Date>
    package init(_ date: Date) { self.date = Mutex(date) }
    package func advance(by seconds: TimeInterval) { date.withLock { $0 += seconds } }
    package var clock: WallClock { WallClock { self.date.withLock { $0 } } }
}
