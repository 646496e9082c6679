import Foundation

/// The part of a request's path that the gateway appends to an API's upstream URL, and whether it is safe to:
/// nothing in it may make an upstream leave the API's base path (issue 10, item 11).
enum UpstreamPath {
    /// Whether every segment of `path` (still percent-encoded) names a resource below where it starts. Refused:
    /// `.` and `..` however they are written (`%2e%2e`, or `..;x`, which Tomcat-like servers read as `..`),
    /// encoded slashes and backslashes (`%2f`, `%5c`, which some servers decode before routing), raw
    /// backslashes, control characters, NUL included, and malformed escapes.
    static func isSafe(_ path: Substring) -> Bool {
        path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy(isSafeSegment)
    }

    private static func isSafeSegment(_ segment: Substring) -> Bool {
        guard segment.utf8.contains(UInt8(ascii: "%")) else { return isSafeDecoded(segment.utf8) }
        guard let decoded = String(segment).removingPercentEncoding else { return false }
        return isSafeDecoded(decoded.utf8)
    }

    /// A decoded segment's bytes (UTF-8 never puts these ASCII values inside a longer character).
    private static func isSafeDecoded(_ bytes: some Collection<UInt8>) -> Bool {
        guard !bytes.contains(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "\\") || $0 < 0x20 || $0 == 0x7F }) else {
            return false
        }
        let name = bytes.prefix { $0 != UInt8(ascii: ";") }
        let isDotSegment = (1...2).contains(name.count) && name.allSatisfy { $0 == UInt8(ascii: ".") }
        return !isDotSegment
    }
}
