/// `limit` passed before the work it bounded was done.
struct TimeLimitExceeded: Error, CustomStringConvertible {
    let limit: Duration

    var description: String { "no answer within \(limit)" }
}

/// Runs `operation`, which must stop when cancelled, and cancels it if `limit` passes first: then throws
/// ``TimeLimitExceeded``, once `operation` has stopped. Cancelling the caller cancels `operation`.
func withTimeLimit<Value: Sendable>(
    _ limit: Duration, _ operation: @escaping @Sendable () async throws -> Value
) async throws -> Value {
    try await withThrowingTaskGroup(of: TimeLimitOutcome<Value>.self) { group in
        group.addTask { .finished(try await operation()) }
        group.addTask {
            try await Task.sleep(for: limit)
            return .timedOut
        }
        defer { group.cancelAll() }
        switch try await group.next() {
        case .finished(let value)?: return value
        case .timedOut?, nil: throw TimeLimitExceeded(limit: limit)
        }
    }
}

/// Which of the two racers of ``withTimeLimit(_:_:)`` came first.
private enum TimeLimitOutcome<Value: Sendable>: Sendable {
    case finished(Value)
    case timedOut
}
