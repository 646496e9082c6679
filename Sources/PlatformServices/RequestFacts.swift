import PlatformStore
import Synchronization

/// What a request's handler learns that the middlewares around it report (issue 14): the application once its
/// credentials or token named it, the API a gateway call was for, the call's outcome, and the grant type of a token
/// request. The outermost middleware gives each request one, as ``current``, and reads it once the response is
/// made: for the request log line, the request's metrics and its span.
///
/// Handlers need not know about it: ``UsageRecorder/record(clientID:apiName:outcome:started:)``, which the gateway
/// and both token endpoints call for every request they answer, notes what it counts here too.
package final class RequestFacts: Sendable {
    /// The facts of the request the current task serves; nil outside a request (a background service, a command).
    @TaskLocal package static var current: RequestFacts?

    package struct Snapshot: Sendable, Equatable {
        /// The application's client_id, once verified credentials or a token named it.
        package var clientID: String?
        /// The name of the API a gateway call was for.
        package var apiName: String?
        /// How the call ended, as the usage pages count it.
        package var outcome: UsageOutcome?
        /// The `grant_type` of a token request, when it is one the platform knows (never a client's free text).
        package var grantType: String?
        /// The RFC 6749 error code (§5.2) a token request was refused with: one of the codes the platform answers.
        package var oauthError: String?

        package init() {}
    }

    private let state = Mutex(Snapshot())

    package init() {}

    /// What has been noted so far.
    package var snapshot: Snapshot { state.withLock { $0 } }

    /// Notes a call counted for the usage pages: its application (when known), its API ("" for a token request)
    /// and its outcome.
    package func noteCall(clientID: String, apiName: String, outcome: UsageOutcome) {
        state.withLock { facts in
            if !clientID.isEmpty { facts.clientID = clientID }
            if !apiName.isEmpty { facts.apiName = apiName }
            facts.outcome = outcome
        }
    }

    /// Notes the grant type of a token request.
    package func noteGrantType(_ grantType: String) {
        state.withLock { $0.grantType = grantType }
    }

    /// Notes the RFC 6749 error code a token request was refused with.
    package func noteOAuthError(_ code: String) {
        state.withLock { $0.oauthError = code }
    }
}
