import Foundation
import PlatformStore

/// Rules for what an operator sets on an API proxy (issue 18: `orangerie api update NAME --max-body 1MiB
/// --upstream-header "X-Api-Key: …" --remove-response-header Server --cors-origin https://app.example.com`).
extension Validation {
    /// The largest `--max-body`: 1 GiB, streamed; with request validation on, bodies are read whole, up to 16 MiB.
    package static let maximumBodyLimit = 1 << 30
    package static let maximumValidatedBodyLimit = 16 << 20

    /// A size such as `1MiB`, `512KiB`, `2GiB` or a number of bytes; `none` for no limit (nil).
    package static func bodySize(_ text: String) throws(InvalidInput) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed != "none" else { return nil }
        let units: [(suffix: String, factor: Int)] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10), ("B", 1), ("", 1)]
        for (suffix, factor) in units where trimmed.hasSuffix(suffix) {
            guard let count = Int(trimmed.dropLast(suffix.count)), count > 0, count <= maximumBodyLimit / factor else { break }
            return count * factor
        }
        throw InvalidInput("a body size is a number of bytes, KiB, MiB or GiB, from 1 byte to 1 GiB (such as 1MiB), or none; not '\(text)'")
    }

    /// A field name (RFC 9110 §5.1: a token), returned in lower case.
    package static func headerName(_ value: String) throws(InvalidInput) -> String {
        let tokenCharacters = Set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        guard (1...64).contains(value.count), value.allSatisfy(tokenCharacters.contains) else {
            throw InvalidInput("'\(value)' is not a header name: 1 to 64 letters, digits or !#$%&'*+-.^_`|~")
        }
        return value.lowercased()
    }

    /// A field value the operator gives (RFC 9110 §5.5): visible ASCII and spaces, at most 4,096 characters, never
    /// a line break (which would let a value forge another header).
    package static func headerValue(_ value: String, naming name: String) throws(InvalidInput) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.utf8.count <= 4096, trimmed.utf8.allSatisfy({ (0x20...0x7E).contains($0) || $0 == 0x09 }) else {
            throw InvalidInput("the value of \(name) is 1 to 4,096 visible ASCII characters or spaces")
        }
        return trimmed
    }

    /// `Name: value`, as `curl -H` writes a header.
    package static func header(_ line: String) throws(InvalidInput) -> (name: String, value: String) {
        guard let colon = line.firstIndex(of: ":") else {
            throw InvalidInput("'\(line.prefix(64))' is not a header: write it Name: value")
        }
        let name = try headerName(String(line[..<colon]).trimmingCharacters(in: .whitespaces))
        return (name, try headerValue(String(line[line.index(after: colon)...]), naming: name))
    }

    /// Fields the gateway owns on the way to the backend: framing and hop-by-hop ones (RFC 9110 §7.6.1), the
    /// client's credentials, and what the gateway tells the backend of the caller, which a rule may neither forge
    /// nor hide.
    package static func isGatewayRequestField(_ name: String) -> Bool {
        ["host", "content-length", "transfer-encoding", "connection", "keep-alive", "te", "trailer", "upgrade", "expect", "authorization",
         "proxy-authorization", "forwarded"].contains(name) || name.hasPrefix("x-oapi-") || name.hasPrefix("x-forwarded-")
    }

    /// Fields the gateway owns on the way back: framing, the request id, the limits' and CORS's.
    private static func isGatewayResponseField(_ name: String) -> Bool {
        ["content-length", "transfer-encoding", "connection", "keep-alive", "trailer", "upgrade", "x-oapi-request-id", "retry-after",
         "www-authenticate", "vary"].contains(name) || name.hasPrefix("ratelimit") || name.hasPrefix("access-control-")
    }

    /// Header rules for requests (`toBackend`) or answers: names to remove, `Name: value` lines to add whose values may
    /// hold ``HeaderTemplate/placeholders`` (requests only).
    package static func headerRules(remove: [String], add: [String], toBackend: Bool) throws(InvalidInput) -> HeaderRules {
        let owned = toBackend ? isGatewayRequestField : isGatewayResponseField
        var rules = HeaderRules()
        for name in remove {
            let name = try headerName(name)
            guard !owned(name) else { throw InvalidInput("\(name) is set by the gateway itself: no rule may remove it") }
            rules.remove.append(name)
        }
        for line in add {
            let (name, value) = try header(line)
            guard !owned(name) else { throw InvalidInput("\(name) is set by the gateway itself: no rule may add it") }
            try placeholders(in: value, allowed: toBackend)
            rules.add.append(HeaderTemplate(name: name, value: value))
        }
        guard rules.remove.count + rules.add.count <= 32 else { throw InvalidInput("an API has at most 32 header rules each way") }
        return rules
    }

    /// Every `{…}` in a value names a known placeholder, and only where they are filled in.
    private static func placeholders(in value: String, allowed: Bool) throws(InvalidInput) {
        var rest = Substring(value)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else { return }
            let name = String(rest[rest.index(after: open)..<close])
            guard allowed, HeaderTemplate.placeholders.contains(name) else {
                let known = HeaderTemplate.placeholders.map { "{\($0)}" }.joined(separator: ", ")
                throw InvalidInput(allowed ? "{\(name)} is not a placeholder; a value may hold \(known)" : "an answer's header takes no placeholder")
            }
            rest = rest[rest.index(after: close)...]
        }
    }

    /// A CORS origin (RFC 6454 §6.1): `*`, or `scheme://host[:port]` without path, returned in lower case.
    package static func corsOrigin(_ value: String) throws(InvalidInput) -> String {
        guard value != "*" else { return value }
        guard let url = URL(string: value), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = url.host, !host.isEmpty, url.path.isEmpty, url.query == nil, url.fragment == nil, url.user == nil
        else {
            throw InvalidInput("'\(value)' is not an origin: write it https://app.example.com (scheme, host, optional port), or *")
        }
        return value.lowercased()
    }
}
