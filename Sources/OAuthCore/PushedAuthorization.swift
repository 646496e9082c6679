/// The answer of a pushed authorization request endpoint (RFC 9126 §2.2): the `request_uri` that stands for the
/// pushed parameters at the authorization endpoint, and how many seconds it stays usable.
public struct PushedAuthorizationResponse: Codable, Hashable, Sendable {
    /// `request_uri`: single use, bound to the client that pushed it (§4).
    public var requestURI: String
    /// `expires_in`, in seconds.
    public var expiresIn: Int

    /// RFC 9126 §2.2: the URN prefix of the request URIs this platform makes, before their random part.
    public static let requestURIPrefix = "urn:ietf:params:oauth:request_uri:"

    public init(requestURI: String, expiresIn: Int) {
        self.requestURI = requestURI
        self.expiresIn = expiresIn
    }

    enum CodingKeys: String, CodingKey {
        case requestURI = "request_uri"
        case expiresIn = "expires_in"
    }
}
