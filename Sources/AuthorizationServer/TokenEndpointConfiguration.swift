/// Settings of `POST /oauth/v3/token`, with the values of seed 002 as defaults.
package struct TokenEndpointConfiguration: Sendable {
    /// Lifetime of an access token: "A token is valid for 60 minutes" (seed 002).
    package var accessTokenLifetime: Int
    /// Token requests per minute and application: "Token requests are limited to 50 requests per minute"
    /// (seed 002). Zero turns the limit off.
    package var tokenRequestsPerMinute: Int
    /// Largest request body read; a client-credentials request is a few dozen bytes.
    package var maximumBodySize: Int

    package init(accessTokenLifetime: Int = 3600, tokenRequestsPerMinute: Int = 50, maximumBodySize: Int = 16 * 1024) {
        self.accessTokenLifetime = accessTokenLifetime
        self.tokenRequestsPerMinute = tokenRequestsPerMinute
        self.maximumBodySize = maximumBodySize
    }
}
