import NIOCore
import Synchronization

/// The client's request body as the gateway streams it to an upstream, remembering whether the client broke it:
/// a framing error the HTTP parser found (an invalid chunk size, a connection closed mid-body) or a body shorter
/// than its `Content-Length`. The upstream call then fails because of the client, who gets a 400 (RFC 9112
/// §6.3, §7.1), not a "backend unreachable" (issue 10, item 3).
struct ClientRequestBody<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable where Base.Element == ByteBuffer {
    typealias Element = ByteBuffer

    /// Set once reading the client's body failed; read after the upstream call.
    final class Outcome: Sendable {
        private let brokenByClient = Atomic(false)

        var failed: Bool { brokenByClient.load(ordering: .acquiring) }

        fileprivate func markFailed() {
            brokenByClient.store(true, ordering: .releasing)
        }
    }

    /// Why the client's body was refused, when the parser itself did not say.
    struct Truncated: Error {}

    private let base: Base
    private let expectedLength: Int64?
    let outcome = Outcome()

    init(_ base: Base, expectedLength: Int64?) {
        self.base = base
        self.expectedLength = expectedLength
    }

    func makeAsyncIterator() -> Iterator {
        Iterator(base: base.makeAsyncIterator(), expectedLength: expectedLength, outcome: outcome)
    }

    struct Iterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        let expectedLength: Int64?
        let outcome: Outcome
        var received: Int64 = 0

        mutating func next() async throws -> ByteBuffer? {
            do {
                guard let part = try await base.next() else {
                    if let expectedLength, received < expectedLength { throw Truncated() }
                    return nil
                }
                received += Int64(part.readableBytes)
                return part
            } catch {
                outcome.markFailed()
                throw error
            }
        }
    }
}
