// The cost of a cached `token()` and of the single flight under 1,000 concurrent callers (issue 4).
//
// The token endpoint is an in-process fake transport with a fixed latency, so the figures are the SDK's own
// cost, not the network's. Every round checks that exactly one token request was made.
import Foundation
import OAuthClient
import Synchronization

/// Answers every token request after `latency`, counting them.
final class FakeTokenEndpoint: HTTPTransport {
    let latency: Duration
    private let count = Mutex(0)

    init(latency: Duration) { self.latency = latency }

    var requests: Int { count.withLock { $0 } }

    func send(_ request: HTTPRequestMessage) async throws -> HTTPResponseMessage {
        let n = count.withLock { $0 += 1; return $0 }
        try await Task.sleep(for: latency)
        return HTTPResponseMessage(
            status: 200, headers: ["Content-Type": "application/json"],
            body: Data(#"{"token_type":"Bearer","access_token":"token-\#(n)","expires_in":3600}"#.utf8))
    }
}

func tokens(_ endpoint: FakeTokenEndpoint) -> CachingTokenSource {
    ClientCredentialsTokenSource(
        tokenURL: URL(string: "https://api.example.com/oauth/v3/token")!,
        credentials: .init(clientID: "bench", clientSecret: "secret"), transport: endpoint
    ).cached()
}

func percentile(_ sorted: [Duration], _ p: Double) -> Duration {
    sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
}

func microseconds(_ duration: Duration) -> String {
    String(format: "%.1f µs", Double(duration.components.attoseconds) / 1e12 + Double(duration.components.seconds) * 1e6)
}

let clock = ContinuousClock()
let arguments = CommandLine.arguments
let calls = arguments.count > 1 ? Int(arguments[1]) ?? 1_000_000 : 1_000_000
let rounds = arguments.count > 2 ? Int(arguments[2]) ?? 50 : 50

// 1. A cached token(): one caller, the token already there.
let cachedEndpoint = FakeTokenEndpoint(latency: .zero)
let cached = tokens(cachedEndpoint)
_ = try await cached.token()
// Measured off the main actor, where callers of a server run.
let perCall = try await Task.detached {
    let start = clock.now
    for _ in 0..<calls { _ = try await cached.token() }
    return (clock.now - start) / calls
}.value
print("cached token(): \(calls) sequential calls, \(String(format: "%.0f", Double(perCall.components.attoseconds) / 1e9)) ns per call, token requests: \(cachedEndpoint.requests)")

// 2. The single flight: 1,000 callers at once on an empty cache, the endpoint answering in 5 ms.
var durations: [Duration] = []
for _ in 0..<rounds {
    let endpoint = FakeTokenEndpoint(latency: .milliseconds(5))
    let source = tokens(endpoint)
    let roundStart = clock.now
    let distinct = try await withThrowingTaskGroup(of: String.self) { group in
        for _ in 0..<1000 { group.addTask { try await source.token().value.revealed } }
        var distinct = Set<String>()
        for try await token in group { distinct.insert(token) }
        return distinct
    }
    durations.append(clock.now - roundStart)
    precondition(endpoint.requests == 1 && distinct.count == 1, "the single flight made \(endpoint.requests) requests")
}
durations.sort()
print(
    "single flight: 1,000 concurrent callers, 5 ms endpoint, \(rounds) rounds: p50 \(microseconds(percentile(durations, 0.5))), "
        + "p99 \(microseconds(percentile(durations, 0.99))) until all have the token (5 ms of it the endpoint), "
        + "overhead per caller p50 \(microseconds((percentile(durations, 0.5) - .milliseconds(5)) / 1000)); token requests per round: 1")
