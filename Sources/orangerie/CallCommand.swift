import ArgumentParser
import Foundation
import OAuthClient

/// `orangerie call`: a curl-like API call with the token attached and the 401 replay.
struct CallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "call",
        abstract: "Call an API with the application's access token, like curl.",
        discussion: """
            Sends Authorization: Bearer with a cached token (see 'orangerie token'), or with --dpop a DPoP-bound \
            token and a new proof of its key on every call (RFC 9449); when the API refuses the \
            token (401 with code 41 or 42, or invalid_token) gets a new one and sends the request once more. \
            The answer's body goes to standard output; an error status is explained in one line on standard \
            error, with the X-OAPI-Request-Id to quote to support.

            \(ClientExit.help)
            """)

    @Argument(help: "The URL to call.")
    var url: String

    @Option(name: [.customShort("X"), .long], help: "The method (default GET, or POST with --data).")
    var request: String?

    @Option(name: [.customShort("H"), .long], help: "A header 'Name: value'; repeat for several.")
    var header: [String] = []

    @Option(name: [.customShort("d"), .long], help: "The request body; @FILE reads it from a file.")
    var data: String?

    @OptionGroup var client: ClientOptions
    @OptionGroup var provider: ProviderOptions

    @Flag(
        help: """
            Send the signed-in user's access token (after orangerie login) instead of the application's: the developer \
            portal's JSON API, for one, takes a user's token with the portal scope.
            """)
    var user = false

    @Flag(help: "Use an application token bound to a DPoP key (RFC 9449), with a proof of the key on the call; needed for an API that requires DPoP.")
    var dpop = false

    func validate() throws {
        if user, dpop { throw ValidationError("--dpop binds the application's token; a user's token is bound at sign-in: orangerie login --dpop") }
    }

    func run() async throws {
        guard let target = URL(string: url), target.host != nil else { throw ValidationError("'\(url)' is not a URL") }
        var message = HTTPRequestMessage(method: request ?? (data == nil ? "GET" : "POST"), url: target)
        message.headers["Accept"] = "application/json"
        for line in header {
            guard let colon = line.firstIndex(of: ":") else { throw ValidationError("-H '\(line)' is not 'Name: value'") }
            message.headers[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        if let data {
            message.body = .bytes(data.hasPrefix("@") ? try Data(contentsOf: URL(fileURLWithPath: String(data.dropFirst()))) : Data(data.utf8))
            if message.headers["Content-Type"] == nil { message.headers["Content-Type"] = "application/json" }
        }
        do {
            let response = try await client.makeTransport().using { transport in
                let tokenSource: any TokenSource =
                    user
                    ? try await provider.userSession(client: client, transport: transport).tokenSource
                    : try client.tokenSource(transport: transport, dpop: dpop)
                return try await AuthorizedClient(tokenSource: tokenSource, transport: transport).send(message)
            }
            FileHandle.standardOutput.write(response.body)
            _ = try response.ensureSuccess()
        } catch let error as OAuthClientError {
            throw ClientExit.fail(error)
        }
    }
}
