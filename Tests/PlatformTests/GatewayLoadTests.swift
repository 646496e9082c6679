import Foundation
import PlatformTesting
import Testing

/// A thousand kept-alive clients at once through the gateway's channel data path, all answered (issue 15, item 4).
/// It loads the machine for seconds, which would starve the suite's other tests of their deadlines: it runs alone,
/// when `ORANGERIE_LOAD_TESTS` is set (`.ci/run` does, after the suite).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["ORANGERIE_LOAD_TESTS"] != nil, "a load test: set ORANGERIE_LOAD_TESTS"))
struct GatewayLoadTests {
    @Test func aThousandKeptAliveClientsAtOnceAreAllAnswered() async throws {
        try await TestUpstream.withUpstream { upstream in
            try await GatewayDataPathTests.withRawAPI(port: Int(upstream.split(separator: ":").last!)!) { platform, token in
                let answered = try await withThrowingTaskGroup(of: Int.self) { group in
                    for client in 0..<1000 {
                        group.addTask {
                            try await RawConnection.with(port: platform.port) { connection in
                                var answered = 0
                                for call in 0..<2 {
                                    try await connection.send(GatewayDataPathTests.head("GET", "/raw/v1/slow?milliseconds=\(client % 7)", token: token))
                                    let answer = try await connection.read(until: "late", timeout: .seconds(60))
                                    #expect(answer?.hasPrefix("HTTP/1.1 200") == true, "client \(client), call \(call)")
                                    if answer?.hasSuffix("late") == true { answered += 1 }
                                }
                                return answered
                            }
                        }
                    }
                    return try await group.reduce(0, +)
                }
                #expect(answered == 2000)
            }
        }
    }
}
