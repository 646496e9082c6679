import PlatformStore
import Synchronization
import Testing

/// Group commit without a database: what waits is batched, each caller returns after the commit holding its items,
/// and a failed commit fails the callers of its batch only.
@Suite struct GroupCommitTests {
    /// Records each commit; the first one waits until `release()`.
    final class Recorder: Sendable {
        let commits = Mutex<[[Int]]>([])
        let gate = Mutex<CheckedContinuation<Void, Never>?>(nil)
        let held = Atomic(true)
        let failing: Set<Int>

        init(failing: Set<Int> = []) { self.failing = failing }

        func commit(_ items: [Int]) async throws {
            if held.load(ordering: .acquiring) {
                await withCheckedContinuation { continuation in gate.withLock { $0 = continuation } }
            }
            commits.withLock { $0.append(items) }
            if !failing.isDisjoint(with: items) { throw Refused() }
        }

        func release() async throws {
            while gate.withLock({ $0 == nil }) { try await Task.sleep(for: .milliseconds(5)) }
            held.store(false, ordering: .releasing)
            gate.withLock { $0?.resume() }
        }

        func committed(_ item: Int) -> Bool { commits.withLock { $0.contains { $0.contains(item) } } }
    }

    struct Refused: Error {}

    @Test func submissionsThatWaitAreCommittedTogether() async throws {
        let recorder = Recorder()
        let writer = GroupCommit<Int>(maximumBatch: 100) { try await recorder.commit($0) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await writer.submit([0])
                #expect(recorder.committed(0))
            }
            try await Task.sleep(for: .milliseconds(50))  // the first commit has started and waits
            for item in 1...20 {
                group.addTask {
                    try await writer.submit([item, item + 100])
                    #expect(recorder.committed(item) && recorder.committed(item + 100), "returned before its commit")
                }
            }
            try await Task.sleep(for: .milliseconds(50))
            try await recorder.release()
            try await group.waitForAll()
        }
        let commits = recorder.commits.withLock { $0 }
        #expect(commits.count == 2, "\(commits)")
        #expect(commits.first == [0])
        #expect(Set(commits.last ?? []) == Set((1...20).flatMap { [$0, $0 + 100] }))
    }

    @Test func aFailedCommitFailsItsBatchAlone() async throws {
        let recorder = Recorder(failing: [7])
        let writer = GroupCommit<Int>(maximumBatch: 100) { try await recorder.commit($0) }
        let outcomes = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
            group.addTask { (0, (try? await writer.submit([0])) != nil) }
            try await Task.sleep(for: .milliseconds(50))
            for item in 1...10 { group.addTask { (item, (try? await writer.submit([item])) != nil) } }
            try await Task.sleep(for: .milliseconds(50))
            try await recorder.release()
            return try await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
        }
        #expect(outcomes[0] == true)
        #expect((1...10).allSatisfy { outcomes[$0] == false }, "the batch holding 7 failed whole")
        try await writer.submit([11])
        #expect(recorder.committed(11), "the next batch commits")
    }

    @Test func aBatchStopsAtItsMaximum() async throws {
        let recorder = Recorder()
        let writer = GroupCommit<Int>(maximumBatch: 4) { try await recorder.commit($0) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await writer.submit([0]) }
            try await Task.sleep(for: .milliseconds(50))
            for item in 1...10 { group.addTask { try await writer.submit([item]) } }
            try await Task.sleep(for: .milliseconds(50))
            try await recorder.release()
            try await group.waitForAll()
        }
        let commits = recorder.commits.withLock { $0 }
        #expect(commits.allSatisfy { $0.count <= 4 })
        #expect(Set(commits.flatMap { $0 }) == Set(0...10))
    }
}
