import Foundation
import OAuthCore

/// Header fields in order, with case-insensitive names (RFC 9110 §5.1).
public struct HTTPHeaderFields: Hashable, Sendable, Sequence, ExpressibleByDictionaryLiteral {
    public struct Field: Hashable, Sendable {
        public var name: String
        public var value: String
    }

    private var fields: [Field] = []

    public init() {}

    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { Field(name: $0.0, value: $0.1) }
    }

    /// The first value of `name`; setting replaces every value of `name` (nil removes them).
    public subscript(name: String) -> String? {
        get { fields.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value }
        set {
            fields.removeAll { $0.name.caseInsensitiveCompare(name) == .orderedSame }
            if let newValue { fields.append(Field(name: name, value: newValue)) }
        }
    }

    /// Adds a value, keeping those already there (for repeatable fields).
    public mutating func append(_ name: String, _ value: String) {
        fields.append(Field(name: name, value: value))
    }

    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }
}

/// A request body: bytes, which can be sent again, or a stream, which can be sent once.
public struct HTTPBody: Sendable {
    enum Storage: Sendable {
        case bytes(Data)
        case stream(AsyncThrowingStream<Data, any Error>)
    }

    let storage: Storage

    public static func bytes(_ data: Data) -> HTTPBody { HTTPBody(storage: .bytes(data)) }

    /// A body read once as it is sent; a request with such a body is never replayed.
    public static func stream(_ chunks: AsyncThrowingStream<Data, any Error>) -> HTTPBody { HTTPBody(storage: .stream(chunks)) }

    /// Whether the body can be sent a second time (after a 401 or a redirect).
    public var isReplayable: Bool {
        if case .bytes = storage { true } else { false }
    }

    /// The bytes, for a replayable body.
    public var data: Data? {
        if case .bytes(let data) = storage { data } else { nil }
    }
}

/// What an ``HTTPTransport`` sends.
public struct HTTPRequestMessage: Sendable {
    public var method: String
    public var url: URL
    public var headers: HTTPHeaderFields
    public var body: HTTPBody?
    /// Whether a redirect answer is followed (RFC 9110 §15.4), or handed back as it is. A 307 or 308 would send the
    /// body again, unchanged, to wherever it points (§15.4.8, §15.4.9): requests whose body holds secrets — every
    /// request of this library to a token or revocation endpoint, with a client secret, a code and its verifier,
    /// or a refresh token (RFC 6749 §3.2, RFC 7009 §2.1) — set it to false, and their callers get the redirect as
    /// an error.
    public var followsRedirects: Bool

    public init(
        method: String = "GET", url: URL, headers: HTTPHeaderFields = [:], body: HTTPBody? = nil, followsRedirects: Bool = true
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.followsRedirects = followsRedirects
    }

    /// Whether the request can be sent again as it is.
    public var isReplayable: Bool { body?.isReplayable ?? true }
}

/// What an ``HTTPTransport`` answers: the whole body, read.
public struct HTTPResponseMessage: Sendable {
    public var status: Int
    public var headers: HTTPHeaderFields
    public var body: Data

    public init(status: Int, headers: HTTPHeaderFields = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// `X-OAPI-Request-Id`, which Orange's gateway puts on every answer: quote it when asking for support.
    public var requestID: String? { headers["X-OAPI-Request-Id"] }

    /// The error body, when there is one in either of the two conventions.
    public var errorBody: ErrorBody? { ErrorBody(json: body) }

    /// `Retry-After` (RFC 9110 §10.2.3) as a wait from `now`, in either of its two forms.
    public func retryAfter(now: Date) -> Duration? {
        headers["Retry-After"].flatMap { RetryAfter.parse($0, now: now) }
    }

    /// The `Date` header (RFC 9110 §6.6.1): when the server made the answer, by its clock.
    public var date: Date? { headers["Date"].flatMap(RetryAfter.httpDate) }

    public var isSuccess: Bool { (200..<300).contains(status) }
}
