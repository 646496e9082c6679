/// When a connection's client has been too slow, as a value with no I/O: the ``ConnectionDeadlineHandler`` feeds
/// it the connection's events and arms the one timer it asks for (issue 10: "connections that send half a
/// request head are held forever").
///
/// Three deadlines, never more than one armed:
/// - a whole request head within ``ConnectionLimits/requestHeadTimeout`` of the connection's opening, or of the
///   first bytes after an idle pause — later bytes never extend it;
/// - a silent kept-alive connection closed after ``ConnectionLimits/idleTimeout``;
/// - each read of a request body answered within ``ConnectionLimits/bodyReadTimeout``, counted only while the
///   server is asking for more of the body (a server busy elsewhere never blames its client).
/// While the server works on an answer, nothing is armed.
struct ConnectionDeadlines {
    enum Deadline: Equatable {
        case head
        case idle
        case bodyRead
    }

    /// What the handler does with its timer.
    enum Action: Equatable {
        case arm(Deadline, after: Duration)
        case disarm
        case none
    }

    private let limits: ConnectionLimits
    private(set) var armed: Deadline?
    /// A head was received and the end of its body was not.
    private var readingBody = false
    /// Requests whose answer has not been written to its end.
    private var unanswered = 0

    init(limits: ConnectionLimits) {
        self.limits = limits
    }

    mutating func connectionOpened() -> Action {
        arm(.head)
    }

    /// Bytes arrived. After an idle pause they start a head, which must now be complete in time.
    mutating func bytesArrived() -> Action {
        armed == .idle ? arm(.head) : .none
    }

    mutating func headReceived() -> Action {
        readingBody = true
        unanswered += 1
        return disarm()
    }

    mutating func bodyPartReceived() -> Action {
        armed == .bodyRead ? disarm() : .none
    }

    /// The request's body ended. Its answer may already be written (a refusal that did not wait for the body).
    mutating func endReceived() -> Action {
        readingBody = false
        if unanswered == 0 { return arm(.idle) }
        return armed == .bodyRead ? disarm() : .none
    }

    /// The server asks the connection for more bytes.
    mutating func readRequested() -> Action {
        readingBody && armed == nil ? arm(.bodyRead) : .none
    }

    mutating func answerEnded() -> Action {
        unanswered = max(0, unanswered - 1)
        return unanswered == 0 && !readingBody ? arm(.idle) : .none
    }

    /// The armed timer fired; the handler closes the connection.
    mutating func timerFired() {
        armed = nil
    }

    private mutating func arm(_ deadline: Deadline) -> Action {
        armed = deadline
        let duration =
            switch deadline {
            case .head: limits.requestHeadTimeout
            case .idle: limits.idleTimeout
            case .bodyRead: limits.bodyReadTimeout
            }
        return .arm(deadline, after: duration)
    }

    private mutating func disarm() -> Action {
        guard armed != nil else { return .none }
        armed = nil
        return .disarm
    }
}
