import Crypto
import Foundation

/// A client secret or a token, which `description`, `debugDescription`, `dump` and string interpolation in a log
/// show as a fingerprint, never as the value (seed 000: the client secret "must be stored securely to prevent
/// access by unauthorized parties"; access tokens "should be stored securely").
///
/// The fingerprint is the first 8 hex digits of the value's SHA-256: enough to tell two tokens apart in a log,
/// far too little to guess either.
///
/// ```swift
/// let secret = Secret("s3cr3t")
/// print(secret)            // <redacted sha256:…>
/// let value = secret.revealed // only where the value must go on the wire
/// ```
public struct Secret: Hashable, Sendable, Codable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The value itself: read it only to put it on the wire or in a store.
    public let revealed: String

    public init(_ value: String) {
        revealed = value
    }

    /// `sha256:` and the first 8 hex digits of the value's SHA-256.
    public var fingerprint: String {
        "sha256:" + SHA256.hash(data: Data(revealed.utf8)).prefix(4).map { String(format: "%02x", $0) }.joined()
    }

    public var description: String { "<redacted \(fingerprint)>" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    /// Stored as the plain string: a ``TokenStore`` must be able to read it back.
    public init(from decoder: any Decoder) throws {
        revealed = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(revealed)
    }
}
