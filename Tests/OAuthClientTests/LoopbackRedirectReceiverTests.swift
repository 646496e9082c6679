import Foundation
import OAuthClient
import Testing

/// The native app's redirect endpoint (RFC 8252 §7.3) when no browser comes back.
@Suite struct LoopbackRedirectReceiverTests {
    @Test func noCallbackWithinTheTimeoutIsAnInvalidCallback() async throws {
        let receiver = try await LoopbackRedirectReceiver.start()
        let start = ContinuousClock.now
        await #expect(throws: OAuthClientError.invalidCallback) { try await receiver.callback(timeout: .milliseconds(200)) }
        // The 200 ms asked for, not the default 300 s. The bound is wide: the whole suite (Chromium, PostgreSQL,
        // servers starting) shares two cores, and a waiting task was seen to resume 11 s late there.
        #expect(ContinuousClock.now - start < .seconds(60))
    }
}
