import NIOCore
import Synchronization

/// The client's request body as the gateway streams it to an upstream, remembering whether the client broke it:
/// a framing error the HTTP parser found (an invalid chunk size, a connection closed mid-body) or a body shorter
/// than its `Content-Length`. The upstream call then fails because of the client, who gets a 400 (RFC 9112
/// §6.3, §7.1), not a "backend unreachable" (issue 10, item 3); or a 413 when a chunked body grew past the API's
/// `--max-body` (issue 18, item 2).
struct ClientRequestBody<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable where Base.Element == ByteBuffer {
    typealias Element = ByteBuffer

    /// Set once reading the client's body failed; read after the upstream call.
    final class Outcome: Sendable {
        /// 0 while it goes well, then 1 when the client broke it, 2 when it grew too large.
        private let state = Atomic(0)

        var failed: Bool { state.load(ordering: .acquiring) != 0 }
        var wasTooLarge: Bool { state.load(ordering: .acquiring) == 2 }

        fileprivate func markFailed(_ error: any Error) {
            state.store(error is TooLarge ? 2 : 1, ordering: .releasing)
        }
    }

    /// Why the client's body was refused, when the parser itself did not say.
    struct Truncated: Error {}
    /// The body grew past the API's limit.
    struct TooLarge: Error {}
    /// The exchange is over: the rest of the body is not the upstream's.
    struct Released: Error {}

    private let base: Base
    private let expectedLength: Int64?
    private let maximumLength: Int64?
    let outcome = Outcome()
    private let reading = ExclusiveReading()

    init(_ base: Base, expectedLength: Int64?, maximumLength: Int?) {
        self.base = base
        self.expectedLength = expectedLength
        self.maximumLength = maximumLength.map(Int64.init)
    }

    func makeAsyncIterator() -> Iterator {
        Iterator(
            base: base.makeAsyncIterator(), expectedLength: expectedLength, maximumLength: maximumLength, outcome: outcome,
            reading: reading)
    }

    /// Called once the exchange with the upstream is over, before the answer is handed back: the body is Hummingbird's
    /// again (``ExclusiveReading``); what the upstream did not read, Hummingbird reads and drops.
    func release() async {
        await reading.stop()
    }

    struct Iterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        let expectedLength: Int64?
        let maximumLength: Int64?
        let outcome: Outcome
        let reading: ExclusiveReading
        var received: Int64 = 0

        mutating func next() async throws -> ByteBuffer? {
            guard reading.begin() else { throw Released() }
            defer { reading.end() }
            do {
                guard let part = try await base.next() else {
                    if let expectedLength, received < expectedLength { throw Truncated() }
                    return nil
                }
                received += Int64(part.readableBytes)
                if let maximumLength, received > maximumLength { throw TooLarge() }
                return part
            } catch {
                outcome.markFailed(error)
                throw error
            }
        }
    }
}
