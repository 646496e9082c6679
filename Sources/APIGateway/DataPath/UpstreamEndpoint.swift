import Foundation

/// Where an API's upstream lives, as the channel data path connects to it: parsed once from the API's `upstream`
/// URL (``UpstreamChannelPool/endpoint(of:)``).
struct UpstreamEndpoint: Hashable, Sendable {
    var isSecure: Bool
    var host: String
    var port: Int
    /// What the upstream URL holds after its authority ("", "/" or a base path), before the rest of the call's path.
    var pathPrefix: String

    /// `Host`: the host, with the port when it is not the scheme's own (RFC 9110 §7.2).
    var authority: String

    /// Nil for anything but an `http` or `https` URL with a host and no user information or fragment.
    init?(url: String) {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty,
            components.user == nil, components.password == nil, components.fragment == nil, components.query == nil
        else { return nil }
        isSecure = scheme == "https"
        self.host = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        port = components.port ?? (isSecure ? 443 : 80)
        pathPrefix = components.percentEncodedPath
        let bracketed = self.host.contains(":") ? "[\(self.host)]" : self.host
        authority = port == (isSecure ? 443 : 80) ? bracketed : "\(bracketed):\(port)"
    }

    /// The request target for `rest` (the call's path after the API's base path, with its query), as
    /// ``GatewayChecks/upstreamURL(path:query:api:)`` joins them.
    func target(_ rest: String) -> String {
        let target = pathPrefix + rest
        return target.hasPrefix("/") ? target : "/" + target
    }
}
