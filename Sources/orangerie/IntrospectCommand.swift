import ArgumentParser
import Foundation
import OAuthClient
import OAuthCore

/// `orangerie introspect`: asks the platform whether a token is live (RFC 7662), as a resource server would, with
/// the SDK's ``TokenIntrospector``.
struct IntrospectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "introspect",
        abstract: "Ask whether a token is live (RFC 7662 token introspection) and print the answer as JSON.",
        discussion: """
            Authenticates as the application, which the operator must have allowed (orangerie app introspection \
            CLIENT_ID --allow), and prints the introspection response: active, and for a live token scope, \
            client_id, sub (a user's token), exp, iat, token_type and aud. The token may be an access or a refresh \
            token of any application of the platform. Exit status 0 when the token is active, 1 when it is not.

            The token is better kept out of the arguments (they show in ps): omit it to read it from standard \
            input, and give the client_secret in ORANGERIE_CLIENT_SECRET or --client-secret-file.

            \(ClientExit.help)
            """)

    @Argument(help: "The token to check, after -- since a token may begin with -; read from standard input when omitted.")
    var token: String?

    @Option(
        help: """
            The introspection endpoint (env ORANGERIE_INTROSPECTION_URL; default: the token URL ending in /introspect \
            instead of /token, such as http://127.0.0.1:8080/oauth/v3/introspect).
            """)
    var introspectionURL: String?

    @Option(help: "token_type_hint: access_token or refresh_token.")
    var hint: TokenIntrospector.TokenTypeHint?

    @OptionGroup var client: ClientOptions

    func run() async throws {
        let url = try resolvedIntrospectionURL
        let token = try token ?? StandardInput.secret("the token")
        let credentials = try client.credentials()
        let answer: Introspection
        do {
            answer = try await client.makeTransport().using { transport in
                try await TokenIntrospector(
                    introspectionURL: url, credentials: credentials, configuration: noCache, transport: transport
                ).introspect(token, hint: hint)
            }
        } catch let error as OAuthClientError {
            throw ClientExit.fail(error)
        }
        try printJSON(answer)
        if !answer.isActive { throw ExitCode(1) }
    }

    /// One call per run: nothing to reuse.
    private var noCache: TokenIntrospector.Configuration {
        var configuration = TokenIntrospector.Configuration()
        configuration.cacheLifetime = .zero
        return configuration
    }

    private var resolvedIntrospectionURL: URL {
        get throws {
            if let text = introspectionURL ?? Environment.string("ORANGERIE_INTROSPECTION_URL") {
                guard let url = URL(string: text), url.host != nil else { throw ValidationError("--introspection-url: '\(text)' is not a URL") }
                return url
            }
            let tokenURL = try client.resolvedTokenURL
            guard tokenURL.lastPathComponent == "token" else {
                throw ValidationError("give --introspection-url: the token URL does not end in /token")
            }
            return tokenURL.deletingLastPathComponent().appendingPathComponent("introspect")
        }
    }
}

extension TokenIntrospector.TokenTypeHint: ExpressibleByArgument {}
