import AuthorizationServer

/// `TokenRequest.acceptsJSON(_:)`, seed 002's rule for `/oauth/v3/token` ("Header Accept: application/json is now
/// required"); each line of the input is one `Accept` field line.
///
/// Checks that it never traps; that several field lines mean what their values joined with commas mean (RFC 9110
/// §5.3); and that nothing is accepted unless `application/json` is named.
enum AcceptFuzzTarget {
    static func run(_ bytes: [UInt8]) {
        let values = FuzzInput.lines(bytes)
        let accepted = TokenRequest.acceptsJSON(values)
        let joined = values.joined(separator: ",")
        check(accepted == TokenRequest.acceptsJSON([joined]), "Accept: \(values) and the same values joined with commas disagree")
        check(
            !accepted || values.contains { $0.lowercased().contains("application/json") },
            "Accept: \(values) accepted without naming application/json")
    }
}
