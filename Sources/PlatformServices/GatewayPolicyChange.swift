import PlatformStore

/// What an operator changes in an API proxy's policy (issue 18); nil keeps the current value, a list replaces the
/// current one.
package struct GatewayPolicyChange: Sendable {
    package var contract: ContractMode?
    package var requestValidation: RequestValidation?
    /// `.some(nil)` removes the limit.
    package var maximumBodyBytes: Int??
    package var upstreamCredentials: UpstreamCredentials?
    package var removedRequestHeaders: [String]?
    /// `Name: value` lines; values may hold ``HeaderTemplate/placeholders``.
    package var addedRequestHeaders: [String]?
    package var removedResponseHeaders: [String]?
    package var addedResponseHeaders: [String]?
    package var corsOrigins: [String]?
    package var requiresDPoP: Bool?

    package init(
        contract: ContractMode? = nil, requestValidation: RequestValidation? = nil, maximumBodyBytes: Int?? = nil,
        upstreamCredentials: UpstreamCredentials? = nil, removedRequestHeaders: [String]? = nil, addedRequestHeaders: [String]? = nil,
        removedResponseHeaders: [String]? = nil, addedResponseHeaders: [String]? = nil, corsOrigins: [String]? = nil,
        requiresDPoP: Bool? = nil
    ) {
        self.contract = contract
        self.requestValidation = requestValidation
        self.maximumBodyBytes = maximumBodyBytes
        self.upstreamCredentials = upstreamCredentials
        self.removedRequestHeaders = removedRequestHeaders
        self.addedRequestHeaders = addedRequestHeaders
        self.removedResponseHeaders = removedResponseHeaders
        self.addedResponseHeaders = addedResponseHeaders
        self.corsOrigins = corsOrigins
        self.requiresDPoP = requiresDPoP
    }
}

/// How the gateway is to authenticate to a backend, as the operator gives it: in the clear, until ``Provisioning``
/// seals its secret (issue 18, item 3).
package enum UpstreamCredentials: Sendable {
    case none
    /// `Name: value`, such as `X-Api-Key: 5f2…`.
    case header(String)
    /// `username:password` (RFC 7617 §2).
    case basic(String)
    case clientCredentials(tokenURL: String, clientID: String, clientSecret: String, scope: String?)
    /// PEM: the certificate chain, leaf first, and its private key.
    case mutualTLS(certificateChain: String, privateKey: String)
}
