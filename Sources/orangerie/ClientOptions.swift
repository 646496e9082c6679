import ArgumentParser
import Foundation
import Logging
import OAuthClient
import OAuthCore

/// What the client commands (`token`, `call`, `doctor`) share: where the token endpoint is, the credentials,
/// the token cache, trust roots and logging.
///
/// The secret is never an argument (arguments show in `ps`, seed 000: the secret "must be stored securely"):
/// it comes from `ORANGERIE_CLIENT_SECRET`, a file, or standard input; and so does the portal's ready-made
/// `Authorization` header, which is the secret in Base64.
struct ClientOptions: ParsableArguments {
    @Option(help: "The token endpoint (env ORANGERIE_TOKEN_URL; default http://127.0.0.1:8080/oauth/v3/token).")
    var tokenURL: String?

    @Option(help: "The application's client_id (env ORANGERIE_CLIENT_ID).")
    var clientID: String?

    @Option(help: "A file holding the client_secret (or set ORANGERIE_CLIENT_SECRET, or pipe it on standard input).")
    var clientSecretFile: String?

    @Flag(help: "Read the portal's ready-made Authorization header (with or without 'Basic ') from standard input instead of a secret (or set ORANGERIE_AUTHORIZATION_HEADER).")
    var authorizationHeader = false

    @Option(help: "The token cache shared by every run (env ORANGERIE_TOKEN_CACHE; default ~/.cache/orangerie/tokens.json).")
    var cache: String?

    @Flag(help: "Do not read or write the token cache: always ask the token endpoint.")
    var noCache = false

    @Option(help: "A PEM file of certificate authorities to trust besides the system's (a private PKI, a test server).")
    var caFile: String?

    @Flag(help: "Log every HTTP exchange on standard error, secrets masked.")
    var verbose = false

    var resolvedTokenURL: URL {
        get throws {
            let text = tokenURL ?? Environment.string("ORANGERIE_TOKEN_URL") ?? "http://127.0.0.1:8080/oauth/v3/token"
            guard let url = URL(string: text), url.host != nil else { throw ValidationError("--token-url: '\(text)' is not a URL") }
            return url
        }
    }

    var logger: Logger {
        var logger = Logger(label: "orangerie", factory: { label in StreamLogHandler.standardError(label: label) })
        logger.logLevel = verbose ? .trace : .critical
        return logger
    }

    /// A transport that trusts `--ca-file` and logs with `--verbose`.
    func makeTransport(_ configure: (inout AsyncHTTPClientTransport.Configuration) -> Void = { _ in }) -> ClientTransport {
        var configuration = AsyncHTTPClientTransport.Configuration()
        configuration.additionalTrustRoots = caFile.map { [$0] } ?? []
        configure(&configuration)
        return ClientTransport(base: AsyncHTTPClientTransport(configuration: configuration), logger: logger)
    }

    /// The credentials from the environment, a file or standard input, in that order.
    func credentials() throws -> ClientCredentials {
        if let header = try Environment.string("ORANGERIE_AUTHORIZATION_HEADER") ?? (authorizationHeader ? StandardInput.secret("the Authorization header") : nil) {
            do {
                return try ClientCredentials(portalHeader: header)
            } catch {
                throw ValidationError("the Authorization header is not 'Basic' followed by Base64 of client_id:client_secret")
            }
        }
        guard let clientID = clientID ?? Environment.string("ORANGERIE_CLIENT_ID") else {
            throw ValidationError("give --client-id (or ORANGERIE_CLIENT_ID), or the portal's Authorization header")
        }
        let secret: String
        if let value = Environment.string("ORANGERIE_CLIENT_SECRET") {
            secret = value
        } else if let clientSecretFile {
            secret = try String(contentsOfFile: clientSecretFile, encoding: .utf8)
        } else if isatty(FileHandle.standardInput.fileDescriptor) == 0 {
            secret = try StandardInput.secret("the client_secret")
        } else {
            throw ValidationError("give the client_secret in ORANGERIE_CLIENT_SECRET, --client-secret-file or on standard input")
        }
        return ClientCredentials(clientID: clientID, clientSecret: secret.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The cached token source every client command uses: one token request per token lifetime across runs; with
    /// `dpop`, tokens bound to a key kept beside them in the cache (RFC 9449).
    func tokenSource(transport: any HTTPTransport, dpop: Bool = false) throws -> any TokenSource {
        let flow = ClientCredentialsTokenSource(
            tokenURL: try resolvedTokenURL, credentials: try credentials(), usesDPoP: dpop, transport: transport)
        if noCache { return flow }
        return flow.cached(store: try tokenStore(), logger: logger)
    }

    /// The token cache file (mode 0600, shared by every run); a user's tokens sit there too, and a DPoP token's key,
    /// never a client secret.
    func tokenStore() throws -> FileTokenStore {
        try FileTokenStore(path: cache ?? Environment.string("ORANGERIE_TOKEN_CACHE") ?? "~/.cache/orangerie/tokens.json")
    }
}

/// The commands' transport: AsyncHTTPClient, logged when asked, shut down at the end of the command.
struct ClientTransport: HTTPTransport {
    let base: AsyncHTTPClientTransport
    let logger: Logger

    func send(_ request: HTTPRequestMessage) async throws -> HTTPResponseMessage {
        try await LoggingTransport(wrapping: base, logger: logger).send(request)
    }

    /// Runs `body` with this transport, then closes it.
    func using<Value>(_ body: (ClientTransport) async throws -> Value) async throws -> Value {
        do {
            let value = try await body(self)
            try await base.shutdown()
            return value
        } catch {
            try? await base.shutdown()
            throw error
        }
    }
}

/// Exit statuses per error class (sysexits.h), so that a script can tell what to do.
enum ClientExit {
    static func status(for remedy: OAuthClientError.Remedy) -> Int32 {
        switch remedy {
        case .fixConfiguration: 78  // EX_CONFIG
        case .reauthenticate, .signInAgain: 77  // EX_NOPERM
        case .retryLater: 75  // EX_TEMPFAIL
        case .transient: 69  // EX_UNAVAILABLE
        }
    }

    static let help = """
        Exit status: 0 success; 78 fix the configuration (URL, credentials, subscription); 77 the access token \
        was refused even after a new one, or the user must sign in again (orangerie login); 75 rate-limited, retry later; 69 network or server failure, retry soon.
        """

    /// Prints `error` in one line on standard error and exits with its class's status.
    static func fail(_ error: OAuthClientError) -> ExitCode {
        FileHandle.standardError.write(Data(("orangerie: " + error.description + "\n").utf8))
        return ExitCode(status(for: error.remedy))
    }
}
