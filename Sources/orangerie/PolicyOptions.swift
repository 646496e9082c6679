import ArgumentParser
import Foundation
import PlatformServices
import PlatformStore

/// `api update`'s options for what the API proxy enforces (issue 18): its OpenAPI contract, request validation and
/// body limit, how the gateway authenticates to the backend, header rules and CORS.
struct PolicyOptions: ParsableArguments {
    @Option(help: "open forwards any method to any path under the base path; strict only the operations of the API's OpenAPI document (others get 404 code 60 or 405 code 61).")
    var contract: ContractMode?

    @Option(help: "off, report (forward and log the first problem) or enforce (refuse with 400 codes 20-28 or 415 code 68): parameters and JSON bodies checked against the OpenAPI document.")
    var validateRequests: RequestValidation?

    @Option(help: ArgumentHelp("Largest request body, such as 1MiB or 512KiB (413 code 66 beyond), or none.", valueName: "size"))
    var maxBody: String?

    @Option(help: ArgumentHelp("A header the gateway sends the backend, such as 'X-Api-Key: VALUE'; with a value of -, the value is read from standard input. Sealed with the master key, never shown again.", valueName: "name: value"))
    var upstreamHeader: String?

    @Option(help: ArgumentHelp("HTTP Basic credentials for the backend; with a password of -, it is read from standard input. Sealed, never shown again.", valueName: "user:password"))
    var upstreamBasic: String?

    @Option(help: ArgumentHelp("The backend's own token endpoint: the gateway gets a token with the client credentials grant (with --upstream-client-id and --upstream-client-secret) and sends it as a Bearer token.", valueName: "url"))
    var upstreamTokenURL: String?

    @Option(help: "The gateway's client_id at the backend's token endpoint.")
    var upstreamClientID: String?

    @Option(help: ArgumentHelp("The gateway's client secret at the backend's token endpoint, or - to read it from standard input. Sealed, never shown again.", valueName: "secret"))
    var upstreamClientSecret: String?

    @Option(help: "The scope to ask the backend's token endpoint for.")
    var upstreamScope: String?

    @Option(help: ArgumentHelp("PEM certificate chain the gateway presents to an https backend (mutual TLS), with --upstream-client-key.", valueName: "file"))
    var upstreamClientCertificate: String?

    @Option(help: ArgumentHelp("PEM private key of --upstream-client-certificate, unencrypted. Sealed, never shown again.", valueName: "file"))
    var upstreamClientKey: String?

    @Option(help: "none removes the backend authentication.")
    var upstreamAuth: String?

    @Option(name: .customLong("remove-request-header"), help: ArgumentHelp("A header the backend never gets; repeat for several, none for no rule. Replaces the current ones.", valueName: "name"))
    var removedRequestHeaders: [String] = []

    @Option(name: .customLong("add-request-header"), help: ArgumentHelp("A header added for the backend, whose value may hold {client_id}, {subject}, {scope}, {request_id}, {api}; repeat for several, none for no rule.", valueName: "name: value"))
    var addedRequestHeaders: [String] = []

    @Option(name: .customLong("remove-response-header"), help: ArgumentHelp("A header of the backend's answers the client never gets, such as Server or X-Powered-By; repeat for several, none for no rule.", valueName: "name"))
    var removedResponseHeaders: [String] = []

    @Option(name: .customLong("add-response-header"), help: ArgumentHelp("A header added to every answer of the backend; repeat for several, none for no rule.", valueName: "name: value"))
    var addedResponseHeaders: [String] = []

    @Option(name: .customLong("cors-origin"), help: ArgumentHelp("An origin whose browser scripts may call the API (preflights are answered by the gateway), or *; repeat for several, none for no CORS.", valueName: "origin"))
    var corsOrigins: [String] = []

    @Flag(inversion: .prefixedNo, help: "Accept only access tokens bound to a DPoP key, with a proof of the key on every call (RFC 9449); --no-require-dpop accepts bearer tokens again.")
    var requireDPoP: Bool?

    /// The change these options ask for; a secret given as `-` is read from standard input.
    func change() throws -> GatewayPolicyChange {
        GatewayPolicyChange(
            contract: contract, requestValidation: validateRequests, maximumBodyBytes: try maxBody.map(Validation.bodySize),
            upstreamCredentials: try upstreamCredentials(),
            removedRequestHeaders: Self.list(removedRequestHeaders), addedRequestHeaders: Self.list(addedRequestHeaders),
            removedResponseHeaders: Self.list(removedResponseHeaders), addedResponseHeaders: Self.list(addedResponseHeaders),
            corsOrigins: Self.list(corsOrigins), requiresDPoP: requireDPoP)
    }

    /// nil when the option was not given, empty for `none`.
    private static func list(_ values: [String]) -> [String]? {
        values.isEmpty ? nil : values == ["none"] ? [] : values
    }

    private func upstreamCredentials() throws -> UpstreamCredentials? {
        let given = [upstreamHeader, upstreamBasic, upstreamTokenURL, upstreamClientCertificate, upstreamAuth].compactMap { $0 }
        guard given.count <= 1 else {
            throw ValidationError("give one backend authentication: --upstream-header, --upstream-basic, --upstream-token-url, --upstream-client-certificate or --upstream-auth none")
        }
        if let upstreamAuth {
            guard upstreamAuth == "none" else { throw ValidationError("--upstream-auth takes none; each mode has its own options") }
            return UpstreamCredentials.none
        }
        if let upstreamHeader {
            guard let colon = upstreamHeader.firstIndex(of: ":") else { throw ValidationError("--upstream-header is 'Name: value'") }
            let value = upstreamHeader[upstreamHeader.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            return .header(upstreamHeader[..<colon] + ": " + (value == "-" ? try StandardInput.secret("the upstream secret") : value))
        }
        if let upstreamBasic {
            return .basic(upstreamBasic.hasSuffix(":-") ? upstreamBasic.dropLast() + (try StandardInput.secret("the upstream secret")) : upstreamBasic)
        }
        if let upstreamTokenURL {
            guard let clientID = upstreamClientID, let secret = upstreamClientSecret else {
                throw ValidationError("--upstream-token-url needs --upstream-client-id and --upstream-client-secret")
            }
            return .clientCredentials(
                tokenURL: upstreamTokenURL, clientID: clientID, clientSecret: secret == "-" ? try StandardInput.secret("the upstream secret") : secret,
                scope: upstreamScope)
        }
        if let upstreamClientCertificate {
            guard let upstreamClientKey else { throw ValidationError("--upstream-client-certificate needs --upstream-client-key") }
            return .mutualTLS(
                certificateChain: try TextFile.read(upstreamClientCertificate, what: "the client certificate", limit: 64 << 10),
                privateKey: try TextFile.read(upstreamClientKey, what: "the client key", limit: 64 << 10))
        }
        return nil
    }
}

extension ContractMode: ExpressibleByArgument {}
extension RequestValidation: ExpressibleByArgument {}
