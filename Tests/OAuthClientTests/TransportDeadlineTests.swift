import Foundation
import Hummingbird
import OAuthCore
import Testing

@testable import OAuthClient

/// Issue 10, item 9: the transport's deadline covers the whole exchange, body included, so that a token endpoint
/// that sends its head and then stalls cannot hang the callers of a single flight.
@Suite struct TransportDeadlineTests {
    @Test func aTokenEndpointThatStallsAfterItsHeadFailsTheCallersInTimeAndTheNextCallAsksAgain() async throws {
        let requests = Counter()
        let stall = Gate()
        try await withFakeServer({ router in
            router.post("/token") { _, _ in
                guard requests.next() == 1 else { return json(.ok, #"{"token_type":"Bearer","access_token":"fresh","expires_in":3600}"#) }
                // The head leaves at once (chunked); the body waits until the test is over.
                return Response(
                    status: .ok, headers: [.contentType: "application/json"],
                    body: ResponseBody { writer in
                        await stall.wait()
                        try await writer.finish(nil)
                    })
            }
        }) { baseURL in
            defer { stall.open() }
            var configuration = AsyncHTTPClientTransport.Configuration()
            configuration.timeout = .seconds(2)
            try await withTransport(configuration) { transport in
                var caching = CachingTokenSource.Configuration()
                caching.maximumRetries = 0
                let tokens = ClientCredentialsTokenSource(
                    tokenURL: URL(string: baseURL + "/token")!, credentials: .init(clientID: "app", clientSecret: "secret"),
                    transport: transport
                ).cached(configuration: caching)

                // Three callers share the stalled request; each gets an error well within the test's bound.
                let start = ContinuousClock.now
                let outcomes: [Result<AccessToken, any Error>]
                do {
                    outcomes = try await withTimeLimit(.seconds(10)) {
                        await withTaskGroup(of: Result<AccessToken, any Error>.self) { group in
                            for _ in 0..<3 {
                                group.addTask {
                                    do { return .success(try await tokens.token()) } catch { return .failure(error) }
                                }
                            }
                            return await group.reduce(into: []) { $0.append($1) }
                        }
                    }
                } catch is TimeLimitExceeded {
                    Issue.record("the callers were still waiting after 10 s for a body that never came")
                    return
                }
                #expect(ContinuousClock.now - start < .seconds(10))
                #expect(outcomes.count == 3)
                for outcome in outcomes {
                    #expect(throws: OAuthClientError.transportFailed) { try outcome.get() }
                }

                // The failed flight is over: the next call asks again, and the endpoint now answers.
                stall.open()
                #expect(try await tokens.token().value.revealed == "fresh")
                #expect(requests.count == 2)
            }
        }
    }
}
