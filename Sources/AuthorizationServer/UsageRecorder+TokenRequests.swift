import HTTPTypes
import Hummingbird
import OAuthCore
import PlatformServices
import PlatformStore

extension UsageRecorder {
    /// Answers a token request with `issue` and counts it (issue 13, item 1) under the API name "": by the
    /// application once `issue` has authenticated it (it sets the client_id it is given), by the Orange code of a
    /// refusal or the class of an RFC 6749 error, whose code the request's ``RequestFacts`` note for the metrics
    /// (issue 14). `answer` turns a refusal into the endpoint's response.
    func countTokenRequest(
        _ issue: (inout String) async throws(Refusal) -> Response, answer: (Refusal) -> Response = \.response
    ) async -> Response {
        let started = ContinuousClock.now
        var clientID = ""
        let response: Response, outcome: UsageOutcome
        do {
            (response, outcome) = (try await issue(&clientID), .success)
        } catch {
            (response, outcome) = (answer(error), error.usageOutcome)
            if case .oauth(let refusal) = error.body { RequestFacts.current?.noteOAuthError(refusal.error.rawValue) }
        }
        record(clientID: clientID, apiName: "", outcome: outcome, started: started)
        return response
    }
}
