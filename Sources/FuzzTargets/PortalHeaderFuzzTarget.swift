import OAuthCore

/// `ClientCredentials(portalHeader:)`, which reads what a developer pastes from Orange's portal into the CLI or
/// the SDK: the bare Base64 value, `Basic <value>` or a whole `Authorization: Basic <value>` line.
///
/// Checks that parsing never traps, the properties of ``BasicCredentialsFuzzTarget``, and that the header built
/// from what parsed reads back the same as a portal header too.
enum PortalHeaderFuzzTarget {
    static func run(_ bytes: [UInt8]) {
        guard let credentials = try? ClientCredentials(portalHeader: FuzzInput.text(bytes)) else { return }
        BasicCredentialsFuzzTarget.checkRoundTrip(credentials)
        let header = credentials.authorizationHeader(.raw)
        for pasted in [header, "Authorization: " + header, String(header.dropFirst("Basic ".count))] {
            let again = try? ClientCredentials(portalHeader: pasted)
            check(
                again.map { FuzzInput.identical($0.clientID, credentials.clientID) && FuzzInput.identical($0.clientSecret, credentials.clientSecret) }
                    == true,
                "portal round trip: \(pasted) does not give back client_id \(credentials.clientID) and its secret")
        }
    }
}
