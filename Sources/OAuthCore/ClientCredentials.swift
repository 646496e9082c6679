import Foundation

/// An application's `client_id` and `client_secret`, and the HTTP Basic header built from them.
///
/// Seeds 002 and 003 build the header as `Basic base64(client_id:client_secret)` with the raw values; RFC 6749
/// §2.3.1 form-encodes both before. The two are the same for Orangerie's credentials (letters and digits only)
/// but may differ elsewhere, so an encoder chooses one explicitly and nothing ever guesses.
public struct ClientCredentials: Hashable, Sendable {
    public var clientID: String
    public var clientSecret: String

    public init(clientID: String, clientSecret: String) {
        self.clientID = clientID
        self.clientSecret = clientSecret
    }

    /// How the two values are written before Base64 encoding.
    public enum BasicEncoding: Sendable {
        /// `client_id:client_secret` as is: what Orange's portal shows and its samples send.
        case raw
        /// Each value form-encoded first (RFC 6749 §2.3.1).
        case formEncoded
    }

    /// The value of the `Authorization` header, `Basic …`.
    public func authorizationHeader(_ encoding: BasicEncoding = .raw) -> String {
        let pair: String
        switch encoding {
        case .raw: pair = clientID + ":" + clientSecret
        case .formEncoded: pair = FormEncoding.escape(clientID) + ":" + FormEncoding.escape(clientSecret)
        }
        return "Basic " + Data(pair.utf8).base64EncodedString()
    }

    /// Why an `Authorization` header could not be read as Basic credentials.
    public enum ParseError: Error, Hashable, Sendable {
        /// The scheme is not `Basic` (RFC 7617 §2; the scheme is case-insensitive).
        case notBasic
        /// Not Base64, not UTF-8 once decoded, or no colon between the two values.
        case malformed
    }

    /// Reads raw `client_id:client_secret` credentials from an `Authorization` header value, as Orange's
    /// samples send them. Accepts a header copied from the portal as is.
    ///
    /// Read by Unicode scalars, never through Foundation's `trimmingCharacters`, which bridges to NSString on Linux
    /// (5 % of a token request's CPU, issue 15, item 2); blanks are what `CharacterSet.whitespaces` holds, and the
    /// scheme is case-insensitive (RFC 7617 §2).
    public init(authorizationHeader value: some StringProtocol) throws(ParseError) {
        let trimmed = Self.trimmingBlanks(Substring(value).unicodeScalars)
        guard let space = trimmed.firstIndex(of: " "),
            Substring(trimmed[..<space]).lowercased() == "basic"
        else {
            throw .notBasic
        }
        let encoded = String(Self.trimmingBlanks(trimmed[space...]))
        // Bytes, not characters: a byte order mark is kept, and a colon followed by a combining mark still separates.
        guard let data = Data(base64Encoded: encoded), let colon = data.firstIndex(of: UInt8(ascii: ":")),
            let clientID = String(validating: data[..<colon], as: UTF8.self),
            let clientSecret = String(validating: data[(colon + 1)...], as: UTF8.self)
        else {
            throw .malformed
        }
        self.init(clientID: clientID, clientSecret: clientSecret)
    }

    /// `scalars` without the tabs and space separators (Unicode's Zs) at either end.
    private static func trimmingBlanks(_ scalars: Substring.UnicodeScalarView) -> Substring.UnicodeScalarView {
        func isBlank(_ scalar: Unicode.Scalar) -> Bool { scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator }
        guard let first = scalars.firstIndex(where: { !isBlank($0) }), let last = scalars.lastIndex(where: { !isBlank($0) }) else {
            return scalars[scalars.endIndex...]
        }
        return scalars[first...last]
    }

    /// Reads the "Authorization header" that Orange's portal shows under MyApps > Credentials (seed 002: "you
    /// are provided with a client_id, client_secret and the HTTP Authorization header"), however it was
    /// copied: the bare Base64 value, `Basic <value>`, or the whole `Authorization: Basic <value>` line.
    ///
    /// The values are taken as raw, so ``authorizationHeader(_:)`` with ``BasicEncoding/raw`` gives back
    /// exactly the header that was pasted.
    ///
    /// ```swift
    /// let credentials = try ClientCredentials(portalHeader: "NktSSHljksdj7P...Jjndb6UdnlrT2lOaA==")
    /// ```
    public init(portalHeader value: some StringProtocol) throws(ParseError) {
        var text = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.lowercased().hasPrefix("authorization:") {
            text = text.dropFirst("authorization:".count).trimmingCharacters(in: .whitespaces)
        }
        try self.init(authorizationHeader: text.contains(" ") ? text : "Basic " + text)
    }
}

extension ClientCredentials: CustomStringConvertible, CustomDebugStringConvertible {
    /// Shows the client_id only: the secret never reaches a log through string interpolation.
    public var description: String { "ClientCredentials(client_id: \(clientID), client_secret: <redacted>)" }
    public var debugDescription: String { description }
}
