import Testing

@testable import Platform

/// The deadlines of a connection as a value, event by event (issue 10, item 2).
@Suite struct ConnectionDeadlinesTests {
    var limits: ConnectionLimits {
        var limits = ConnectionLimits()
        limits.requestHeadTimeout = .seconds(10)
        limits.idleTimeout = .seconds(60)
        limits.bodyReadTimeout = .seconds(30)
        return limits
    }

    @Test func aNewConnectionMustSendAWholeHeadInTime() {
        var deadlines = ConnectionDeadlines(limits: limits)
        #expect(deadlines.connectionOpened() == .arm(.head, after: .seconds(10)))
        // Bytes that complete no head never extend the deadline: a trickle is cut off all the same.
        #expect(deadlines.bytesArrived() == .none)
        #expect(deadlines.bytesArrived() == .none)
        #expect(deadlines.armed == .head)
        #expect(deadlines.headReceived() == .disarm)
    }

    @Test func eachBodyReadIsBoundedOnlyWhileTheServerAsksForMore() {
        var deadlines = ConnectionDeadlines(limits: limits)
        _ = deadlines.connectionOpened()
        _ = deadlines.headReceived()
        #expect(deadlines.readRequested() == .arm(.bodyRead, after: .seconds(30)))
        #expect(deadlines.readRequested() == .none)  // already armed: a repeated request does not extend it
        #expect(deadlines.bodyPartReceived() == .disarm)
        #expect(deadlines.armed == nil)  // the server stopped asking (backpressure): its client is not to blame
        #expect(deadlines.readRequested() == .arm(.bodyRead, after: .seconds(30)))
        #expect(deadlines.endReceived() == .disarm)
        #expect(deadlines.readRequested() == .none)  // working on the answer: nothing is armed
        #expect(deadlines.armed == nil)
    }

    @Test func aKeptAliveConnectionIsIdleThenMustCompleteItsNextHead() {
        var deadlines = ConnectionDeadlines(limits: limits)
        _ = deadlines.connectionOpened()
        _ = deadlines.headReceived()
        _ = deadlines.endReceived()
        #expect(deadlines.answerEnded() == .arm(.idle, after: .seconds(60)))
        #expect(deadlines.bytesArrived() == .arm(.head, after: .seconds(10)))
        #expect(deadlines.bytesArrived() == .none)
    }

    @Test func anAnswerWrittenBeforeTheBodyEndedStillLeadsToIdle() {
        var deadlines = ConnectionDeadlines(limits: limits)
        _ = deadlines.connectionOpened()
        _ = deadlines.headReceived()
        #expect(deadlines.answerEnded() == .none)  // the rest of the body is still to be read
        #expect(deadlines.readRequested() == .arm(.bodyRead, after: .seconds(30)))
        #expect(deadlines.endReceived() == .arm(.idle, after: .seconds(60)))
    }
}
