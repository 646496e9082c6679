import OAuthCore

/// `ClientCredentials(authorizationHeader:)`, which reads the `Authorization: Basic` header of every token request
/// (RFC 7617 §2; seeds 002 and 003).
///
/// Checks that parsing never traps, that a client_id never holds a colon (the first one separates the two values),
/// and that credentials which parse, written again with `authorizationHeader(.raw)`, parse to the same two values
/// byte for byte.
enum BasicCredentialsFuzzTarget {
    static func run(_ bytes: [UInt8]) {
        guard let credentials = try? ClientCredentials(authorizationHeader: FuzzInput.text(bytes)) else { return }
        checkRoundTrip(credentials)
    }

    /// The properties every parsed pair keeps; the portal header target checks them too.
    static func checkRoundTrip(_ credentials: ClientCredentials) {
        check(!credentials.clientID.unicodeScalars.contains(":"), "a client_id with a colon: \(credentials.clientID)")
        let header = credentials.authorizationHeader(.raw)
        let again = try? ClientCredentials(authorizationHeader: header)
        check(
            again.map { FuzzInput.identical($0.clientID, credentials.clientID) && FuzzInput.identical($0.clientSecret, credentials.clientSecret) }
                == true,
            "Basic round trip: \(header) does not give back client_id \(credentials.clientID) and its secret")
    }
}
