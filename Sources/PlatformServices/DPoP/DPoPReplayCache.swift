import Foundation
import Synchronization

/// The DPoP proofs this instance accepted, each remembered until it is too old to be accepted again, so that a proof
/// is used once (RFC 9449 §11.1, `jti`).
///
/// Bounded by `capacity`: when full, the oldest record is forgotten early, and from then on every proof issued no
/// later than a forgotten one is refused as too old. A flood therefore shortens the window proofs are accepted in;
/// it never lets one be replayed. The records live in this process: another instance does not see them, so a proof
/// captured in transit could be replayed once at another instance within its minute (records shared through the
/// store would close that gap, at a write per proof).
package final class DPoPReplayCache: Sendable {
    private struct Record {
        var key: String
        var issuedAt: Date
        var forgetAt: Date
    }

    private struct State {
        var keys: Set<String> = []
        /// In arrival order, which is the order of `forgetAt`; `head` is the first still held.
        var records: [Record] = []
        var head = 0
        /// A proof issued at or before this is refused: its record may have been forgotten early.
        var floor = Date.distantPast

        mutating func forgetFirst() -> Record {
            let record = records[head]
            keys.remove(record.key)
            head += 1
            if head > 1024, head * 2 > records.count {
                records.removeFirst(head)
                head = 0
            }
            return record
        }
    }

    package let capacity: Int
    private let state = Mutex(State())

    package init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    /// Remembers the proof `key` issued at `issuedAt` until `forgetAt`; false for a replay, or for a proof no later
    /// than one forgotten early.
    package func admit(_ key: String, issuedAt: Date, forgetAt: Date, now: Date) -> Bool {
        state.withLock { state in
            while state.head < state.records.count, state.records[state.head].forgetAt <= now { _ = state.forgetFirst() }
            guard issuedAt > state.floor, !state.keys.contains(key) else { return false }
            if state.keys.count >= capacity { state.floor = max(state.floor, state.forgetFirst().issuedAt) }
            state.keys.insert(key)
            state.records.append(Record(key: key, issuedAt: issuedAt, forgetAt: forgetAt))
            return true
        }
    }

    /// How many proofs are remembered.
    package var count: Int { state.withLock { $0.keys.count } }
}
