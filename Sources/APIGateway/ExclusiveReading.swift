import Synchronization

/// Who may read the client's request body: AsyncHTTPClient, while it streams the body to the upstream, until the
/// exchange is over; then Hummingbird, which reads what is left to keep the connection alive. Never both at once:
/// NIO allows one reader, and an upstream that answers before it has read the body (a 401 at once) leaves
/// AsyncHTTPClient still streaming when the answer is complete. ``stop()`` ends AsyncHTTPClient's turn, waiting for
/// the read it has in flight.
final class ExclusiveReading: Sendable {
    private struct State {
        var reading = false
        var stopped = false
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// Starts a read; false once stopped, when the body is no longer this reader's.
    func begin() -> Bool {
        state.withLock { state in
            guard !state.stopped else { return false }
            state.reading = true
            return true
        }
    }

    func end() {
        let waiting = state.withLock { state in
            state.reading = false
            defer { state.waiting = [] }
            return state.waiting
        }
        for continuation in waiting { continuation.resume() }
    }

    /// No read starts any more; returns once the one in flight, if any, is over.
    func stop() async {
        await withCheckedContinuation { continuation in
            let now = state.withLock { state in
                state.stopped = true
                guard state.reading else { return true }
                state.waiting.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }
}
