import Foundation

extension Data {
    /// Unpadded Base64url (RFC 4648 §5), as tokens, thumbprints and JWKs use it.
    /// Rewritten byte by byte: Foundation's `replacingOccurrences` bridges to NSString on Linux, which cost a token
    /// request 5 % of its CPU (issue 15, item 2).
    package func base64URLEncodedString() -> String {
        let base64 = base64EncodedString().utf8.compactMap { byte -> UInt8? in
            switch byte {
            case UInt8(ascii: "+"): UInt8(ascii: "-")
            case UInt8(ascii: "/"): UInt8(ascii: "_")
            case UInt8(ascii: "="): nil
            default: byte
            }
        }
        return String(decoding: base64, as: UTF8.self)
    }

    /// `count` bytes from the system's cryptographically secure generator, drawn eight at a time: each draw is a
    /// system call on Linux (`getrandom`), and one per byte cost a token request 6 % of its CPU (issue 15, item 2).
    package static func random(count: Int) -> Data {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 7)
        while bytes.count < count {
            Swift.withUnsafeBytes(of: generator.next() as UInt64) { bytes.append(contentsOf: $0) }
        }
        return Data(bytes.prefix(count))
    }

    /// Reads unpadded Base64url (RFC 4648 §5).
    package init?(base64URLEncoded text: some StringProtocol) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        self.init(base64Encoded: base64)
    }
}
