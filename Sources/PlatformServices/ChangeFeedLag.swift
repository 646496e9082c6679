import Synchronization

/// How far behind the change feed a ``ChangeFeedFollower`` is, for the metrics (issue 14, item 1): the changes its
/// last read found (0 when it found none: it was up to date) and when a read last found it up to date. The feed's
/// rows carry no time this instance can trust, so lag in seconds is the time since it last knew it had every change:
/// about one interval when healthy, growing while reads fail or fall behind.
package final class ChangeFeedLag: Sendable {
    private struct State {
        var entries = 0
        var upToDate = ContinuousClock.now
    }

    private let state = Mutex(State())

    package init() {}

    /// A read found `count` changes to apply.
    package func found(_ count: Int) {
        state.withLock { $0.entries = count }
    }

    /// A read found nothing new.
    package func caughtUp() {
        state.withLock { state in
            state.entries = 0
            state.upToDate = .now
        }
    }

    /// The changes of the last read, and the seconds since the follower last knew it had every change.
    package var current: (entries: Int, seconds: Double) {
        state.withLock { state in
            let (seconds, attoseconds) = (ContinuousClock.now - state.upToDate).components
            return (state.entries, Double(seconds) + Double(attoseconds) / 1e18)
        }
    }
}
