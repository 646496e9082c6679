/// The answer of a device authorization endpoint (RFC 8628 §3.2): the code the device polls with, the code the user
/// types at the verification URI, and how long and how often to poll.
public struct DeviceAuthorizationResponse: Codable, Hashable, Sendable {
    public var deviceCode: String
    /// As the user types it, `BDWP-HQPK` on this platform (§6.1).
    public var userCode: String
    public var verificationURI: String
    /// The verification URI with the user code in it, for a QR code or a link (§3.3.1).
    public var verificationURIComplete: String?
    /// Seconds until both codes expire.
    public var expiresIn: Int
    /// Seconds to wait between polls; 5 when absent (§3.2).
    public var interval: Int?

    public init(
        deviceCode: String, userCode: String, verificationURI: String, verificationURIComplete: String? = nil, expiresIn: Int,
        interval: Int? = nil
    ) {
        self.deviceCode = deviceCode
        self.userCode = userCode
        self.verificationURI = verificationURI
        self.verificationURIComplete = verificationURIComplete
        self.expiresIn = expiresIn
        self.interval = interval
    }

    enum CodingKeys: String, CodingKey {
        case deviceCode = "device_code"
        case userCode = "user_code"
        case verificationURI = "verification_uri"
        case verificationURIComplete = "verification_uri_complete"
        case expiresIn = "expires_in"
        case interval
    }

    /// `urn:ietf:params:oauth:grant-type:device_code`, the `grant_type` of the device's token requests (§3.4).
    public static let grantType = "urn:ietf:params:oauth:grant-type:device_code"
}
