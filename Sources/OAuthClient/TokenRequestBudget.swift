import Foundation

/// At most `limit` token requests in any minute (seed 002: "Token requests are limited to 50 requests per
/// minute. When the rate limit is exceeded, you will receive a 429 error"): this process stops itself first.
struct TokenRequestBudget: Sendable {
    let limit: Int
    private var sent: [Date] = []

    init(limit: Int) {
        self.limit = limit
    }

    /// Counts one request at `now`, or throws ``OAuthClientError/tokenRequestBudgetExhausted`` with the wait
    /// until the oldest request of the minute leaves the window.
    mutating func spend(at now: Date) throws(OAuthClientError) {
        sent.removeAll { now.timeIntervalSince($0) >= 60 }
        guard sent.count < limit else {
            let wait = 60 - now.timeIntervalSince(sent[0])
            throw .budgetExhausted(limit: limit, retryAfter: .seconds(wait.rounded(.up)))
        }
        sent.append(now)
    }
}
