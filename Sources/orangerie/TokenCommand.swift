import ArgumentParser
import Foundation
import OAuthClient

/// `orangerie token`: seed 002's token request, cached so that running it all day asks once an hour.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Print an access token for the application (client credentials, seed 002).",
        discussion: """
            The token is cached in a file (mode 0600) shared by every run, so running this command 100 times in \
            an hour makes one token request. The client_secret is never an argument: give it in \
            ORANGERIE_CLIENT_SECRET, --client-secret-file or on standard input; or give the portal's ready-made \
            Authorization header in ORANGERIE_AUTHORIZATION_HEADER or with --authorization-header on standard input.

            \(ClientExit.help)
            """)

    @OptionGroup var client: ClientOptions
    @OptionGroup var provider: ProviderOptions

    @Flag(help: "Print the token as JSON: access_token, token_type, expires_in (seconds left), expires_at.")
    var json = false

    @Flag(help: "The signed-in user's access token (after orangerie login), refreshed when needed, instead of the application's.")
    var user = false

    @Flag(help: "Ask for a token bound to a new DPoP key (RFC 9449), kept beside it in the cache: 'orangerie call --dpop' proves the key on each call.")
    var dpop = false

    @Option(help: ArgumentHelp("With --dpop, print a DPoP proof of the token's key for one request instead of the token, for curl: -H \"DPoP: $(orangerie token --dpop --proof 'GET URL')\".", valueName: "method url"))
    var proof: String?

    func validate() throws {
        if user, dpop { throw ValidationError("--dpop binds the application's token; a user's token is bound at sign-in: orangerie login --dpop") }
        if proof != nil, !dpop { throw ValidationError("--proof proves the key of a DPoP token: add --dpop") }
    }

    func run() async throws {
        let token: AccessToken
        do {
            token = try await client.makeTransport().using { transport in
                user
                    ? try await provider.userSession(client: client, transport: transport).token()
                    : try await client.tokenSource(transport: transport, dpop: dpop).token()
            }
        } catch let error as OAuthClientError {
            throw ClientExit.fail(error)
        }
        if let proof { return print(try await Self.proof(proof, of: token)) }
        guard json else { return print(token.value.revealed) }
        var object: [String: Any] = ["access_token": token.value.revealed, "token_type": token.tokenType]
        if let expiresAt = token.expiresAt {
            object["expires_in"] = max(0, Int(expiresAt.timeIntervalSinceNow))
            object["expires_at"] = ISO8601DateFormatter().string(from: expiresAt)
        }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }

    /// A proof for the request `methodAndURL` ("GET https://…") with the key of `token` (RFC 9449 §4.2).
    private static func proof(_ methodAndURL: String, of token: AccessToken) async throws -> String {
        let parts = methodAndURL.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, let url = URL(string: String(parts[1])), url.host != nil else {
            throw ValidationError("--proof takes a method and a URL, such as 'GET https://api.example.com/poi/v1/shops'")
        }
        guard let key = token.dpopKey else { throw ValidationError("the token server answered a Bearer token: it has no DPoP") }
        return try await key.proof(method: parts[0].uppercased(), url: url, accessToken: token.value.revealed)
    }
}
