import Foundation

/// Work that must never run on Swift's cooperative pool: CPU-heavy work (bcrypt, RSA key generation) and waits
/// of unknown length (a child process's pipes). That pool has one thread per core, and a task that holds one
/// stalls every request and timer queued behind it.
///
/// Each job gets a thread of its own rather than a place in a bounded queue such as Dispatch's: in a queue, a
/// burst of one kind (a hundred sign-ins) delayed everything behind it by tens of seconds, where the kernel's
/// scheduler shares the cores among all of them.
package enum BlockingWork {
    package static func run<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result(catching: work)) }
        }
    }

    package static func run<Value: Sendable>(_ work: @escaping @Sendable () -> Value) async -> Value {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: work()) }
        }
    }
}
