import Foundation
import Hummingbird
import OAuthCore
import Testing

@testable import OAuthClient

/// Issue 10, item 9: the transport's deadline covers the whole exchange, body included, so that a token endpoint
/// that sends its head and then stalls cannot hang the callers of a single flight.
@Suite struct TransportDeadlineTests {
    @Test func aTokenEndpointThatStallsAfterItsHeadFailsTheCallersInTimeAndTheNextCallAsksAgain() async throws {
        let stall = Gate()
        let (stalled, answered) = (Counter(), Counter())
        try await withFakeServer({ router in
            router.post("/token") { _, _ in
                guard !stall.isOpen else {
                    answered.next()
                    return json(.ok, #"{"token_type":"Bearer","access_token":"fresh","expires_in":3600}"#)
                }
                // The head leaves at once (chunked); the body waits until the gate opens.
                stalled.next()
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
            configuration.timeout = .seconds(3)
            try await withTransport(configuration) { transport in
                var caching = CachingTokenSource.Configuration()
                caching.maximumRetries = 0
                let tokens = ClientCredentialsTokenSource(
                    tokenURL: URL(string: baseURL + "/token")!, credentials: .init(clientID: "app", clientSecret: "secret"),
                    transport: transport
                ).cached(configuration: caching)

                // Three callers share the stalled request, and each gets an error. The bound is ten times the
                // deadline: the other suites running beside this one can starve it for seconds, never for that.
                let outcomes: [Result<AccessToken, any Error>]
                do {
                    outcomes = try await withTimeLimit(.seconds(30)) {
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
                    Issue.record("the callers were still waiting after 30 s for a body that never came")
                    return
                }
                #expect(stalled.count >= 1, "the server sent a head and stalled")
                #expect(outcomes.count == 3)
                for outcome in outcomes {
                    #expect(throws: OAuthClientError.transportFailed) { try outcome.get() }
                }

                // The failed flight is over: the next call asks again, and the endpoint now answers. A machine
                // starved by the suites beside this one can make that answer miss its deadline too; each failure
                // is another proof that nothing was cached, so three asks are allowed.
                stall.open()
                var fresh: AccessToken?
                for _ in 0..<3 where fresh == nil { fresh = try? await tokens.token() }
                #expect(fresh?.value.revealed == "fresh")
                #expect(answered.count >= 1)
            }
        }
    }
}
