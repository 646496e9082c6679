import Synchronization

/// Group commit: concurrent submissions are written together, in one transaction, instead of one round trip and
/// one commit each (issue 11, item 7: the token endpoint saves every token it issues; on SQLite too, issue 15, item
/// 2), so that every 200 still means the token is in the database.
///
/// One submitter at a time leads: it commits its own items and those queued while the previous commit ran (up to
/// `maximumBatch` items), resumes their submitters once that commit has returned, then hands the lead to the
/// oldest submitter still waiting, if any. So a caller returns only after the commit that holds its items; a failed
/// commit fails every submitter of its batch, and only them.
package final class GroupCommit<Item: Sendable>: Sendable {
    private enum Turn {
        case committed
        case failed(any Error)
        /// Commit your items and the queue.
        case lead
    }

    private struct Waiter {
        var items: [Item]
        var continuation: CheckedContinuation<Turn, Never>
    }

    private struct State {
        var queue: [Waiter] = []
        var leading = false
    }

    private let state = Mutex(State())
    private let maximumBatch: Int
    private let commit: @Sendable ([Item]) async throws -> Void

    /// - Parameters:
    ///   - maximumBatch: the most items one commit takes (a submission is never split, so one may exceed it).
    ///   - commit: writes the items in one transaction; called by one submitter at a time.
    package init(maximumBatch: Int, commit: @escaping @Sendable ([Item]) async throws -> Void) {
        self.maximumBatch = maximumBatch
        self.commit = commit
    }

    /// Returns once `items` are committed, or throws the error of the commit that held them.
    package func submit(_ items: [Item]) async throws {
        let turn = await withCheckedContinuation { (continuation: CheckedContinuation<Turn, Never>) in
            let leads = state.withLock { state in
                if state.leading {
                    state.queue.append(Waiter(items: items, continuation: continuation))
                    return false
                }
                state.leading = true
                return true
            }
            if leads { continuation.resume(returning: .lead) }
        }
        switch turn {
        case .committed: return
        case .failed(let error): throw error
        case .lead: try await lead(with: items)
        }
    }

    /// Commits `own` with the queued submissions, answers them, and passes the lead on.
    private func lead(with own: [Item]) async throws {
        let batch = state.withLock { state in
            var count = own.count
            let taken = state.queue.prefix { waiter in
                count += waiter.items.count
                return count <= maximumBatch
            }
            state.queue.removeFirst(taken.count)
            return Array(taken)
        }
        let result: Result<Void, any Error>
        do {
            try await commit(own + batch.flatMap(\.items))
            result = .success(())
        } catch {
            result = .failure(error)
        }
        for waiter in batch {
            switch result {
            case .success: waiter.continuation.resume(returning: .committed)
            case .failure(let error): waiter.continuation.resume(returning: .failed(error))
            }
        }
        let next = state.withLock { state -> Waiter? in
            guard !state.queue.isEmpty else {
                state.leading = false
                return nil
            }
            return state.queue.removeFirst()
        }
        next?.continuation.resume(returning: .lead)
        try result.get()
    }
}
