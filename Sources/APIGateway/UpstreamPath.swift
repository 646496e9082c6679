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
        let decoded: String
        if segment.contains("%") {
            guard let text = String(segment).removingPercentEncoding else { return false }
            decoded = text
        } else {
            decoded = String(segment)
        }
        guard !decoded.unicodeScalars.contains(where: { $0 == "/" || $0 == "\\" || $0.value < 0x20 || $0.value == 0x7F }) else {
            return false
        }
        let name = decoded.prefix { $0 != ";" }
        return name != "." && name != ".."
    }
}
