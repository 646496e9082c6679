/// The two limits the gateway counts an application's calls to an API against (issue 3, "Limits"), and the
/// limiter's key of each: the portal reads the same counters for its quota bars (issue 13).
package enum GatewayLimit: String, Sendable, CaseIterable {
    case rate
    case quota

    /// `quota:CLIENT_ID:API`.
    package func key(clientID: String, apiName: String) -> String {
        "\(rawValue):\(clientID):\(apiName)"
    }
}
