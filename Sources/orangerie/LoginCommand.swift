import ArgumentParser
import Foundation
import OAuthClient
import OAuthCore

/// Where the OpenID provider is, for the commands that act for a user (`login`, `userinfo`, `token --user`,
/// `logout`).
struct ProviderOptions: ParsableArguments {
    @Option(help: "The OpenID provider's issuer (env ORANGERIE_ISSUER; default http://127.0.0.1:8080/openidconnect/fr/v1).")
    var issuer: String?

    var resolvedIssuer: URL {
        get throws {
            let text = issuer ?? Environment.string("ORANGERIE_ISSUER") ?? "http://127.0.0.1:8080/openidconnect/fr/v1"
            guard let url = URL(string: text), url.host != nil else { throw ValidationError("--issuer: '\(text)' is not a URL") }
            return url
        }
    }

    /// The provider's metadata (discovery, exact issuer match) and the user's tokens, fresh, from the cache.
    func userSession(client: ClientOptions, transport: any HTTPTransport) async throws -> UserSession {
        let metadata = try await AuthorizationCodeFlow.discoverMetadata(issuer: try resolvedIssuer, transport: transport)
        return UserSession(metadata: metadata, credentials: try client.credentials(), store: try client.tokenStore(), transport: transport)
    }
}

/// A signed-in user's tokens in the shared cache file.
struct UserSession {
    var metadata: ProviderMetadata
    var credentials: ClientCredentials
    var store: FileTokenStore
    var transport: any HTTPTransport

    var key: String { AuthorizationCodeFlow.storeKey(issuer: metadata.issuer, clientID: credentials.clientID) }

    /// A flow for what comes after the sign-in (refresh, sign-out); its redirect URI is not used.
    var flow: AuthorizationCodeFlow {
        AuthorizationCodeFlow(metadata: metadata, credentials: credentials, redirectURI: "http://127.0.0.1/callback", transport: transport)
    }

    /// The user's access tokens, refreshed when needed, once between every process sharing the cache.
    var tokenSource: CachingTokenSource { flow.refreshingTokenSource(store: store) }

    /// A fresh access token.
    func token() async throws -> AccessToken {
        try await tokenSource.token()
    }
}

/// `orangerie login`: the 3-legged sign-in of a native app (RFC 8252), with a loopback redirect; with `--device`, the
/// device authorization grant (RFC 8628) for a machine without a browser.
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Sign a user in with the authorization code flow and PKCE, and keep their tokens (seed 003, RFC 8252).",
        discussion: """
            Listens on http://127.0.0.1 and a free port, prints the authorization URL (and opens a browser where \
            one exists), waits for the browser to come back, exchanges the code, verifies the ID token and keeps \
            the tokens in the token cache (mode 0600), never the client_secret. The application needs the redirect \
            URI http://127.0.0.1/callback registered: the provider accepts any port on it (RFC 8252 §7.3). Then \
            use orangerie userinfo, orangerie token --user and orangerie logout.

            With --device (RFC 8628), nothing listens: the command prints a code and a URL to open on any phone or \
            computer, polls the provider until the user has signed in and allowed the device there (or refused, or \
            the code expired), and keeps the tokens in the same place.

            \(ClientExit.help)
            """)

    @OptionGroup var provider: ProviderOptions
    @OptionGroup var client: ClientOptions

    @Option(help: "Scopes to ask for, space-separated.") var scope = "openid profile offline_access"
    @Option(help: "none, login and/or consent (seed 003).") var prompt: String?
    @Option(help: "The username to pre-fill on the login page.") var loginHint: String?
    @Option(help: "Seconds to wait for the browser.") var timeout = 300
    @Flag(help: "Do not try to open a browser; only print the URL.") var noBrowser = false
    @Flag(help: "Sign in from another device: print a code and a URL to open there, then wait (RFC 8628).") var device = false
    @Flag(help: "Bind the user's access tokens to a new DPoP key kept beside them in the cache (RFC 9449); refreshes keep the key.")
    var dpop = false

    func run() async throws {
        let credentials = try client.credentials()
        let store = try client.tokenStore()
        let options = AuthorizationCodeFlow.Options(scope: Scopes(parsing: scope), prompt: prompt, loginHint: loginHint)
        do {
            let signIn = try await client.makeTransport().using { transport in
                let metadata = try await AuthorizationCodeFlow.discoverMetadata(issuer: try provider.resolvedIssuer, transport: transport)
                let signIn: AuthorizationCodeFlow.SignIn
                if device {
                    signIn = try await Self.signInFromAnotherDevice(
                        DeviceAuthorizationFlow(metadata: metadata, credentials: credentials, usesDPoP: dpop, transport: transport),
                        scope: options.scope)
                } else {
                    let receiver = try await LoopbackRedirectReceiver.start()
                    let flow = AuthorizationCodeFlow(
                        metadata: metadata, credentials: credentials, redirectURI: receiver.redirectURI, usesDPoP: dpop, transport: transport)
                    let url = try await flow.authorizationURL(options)
                    FileHandle.standardError.write(Data("Open this URL in a browser to sign in:\n\(url.absoluteString)\n".utf8))
                    if !noBrowser { Self.openBrowser(url) }
                    signIn = try await flow.handleCallback(try await receiver.callback(timeout: .seconds(timeout)))
                }
                let key = AuthorizationCodeFlow.storeKey(issuer: metadata.issuer, clientID: credentials.clientID)
                try await store.withLock(for: key) { try await store.save(signIn.tokens, for: key) }
                return signIn
            }
            var summary: [String: Any] = ["scope": signIn.grantedScope.description, "narrowed": signIn.isNarrowed]
            summary["sub"] = signIn.idToken?.subject
            summary["expires_at"] = signIn.tokens.expiresAt.map { ISO8601DateFormatter().string(from: $0) }
            summary["refresh_token"] = signIn.tokens.refreshToken != nil
            let data = try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys, .prettyPrinted])
            print(String(decoding: data, as: UTF8.self))
        } catch let error as OAuthClientError {
            throw ClientExit.fail(error)
        }
    }

    /// RFC 8628: prints the code and the URLs (standard error, like the browser's URL), then waits for the user.
    static func signInFromAnotherDevice(_ flow: DeviceAuthorizationFlow, scope: Scopes) async throws -> AuthorizationCodeFlow.SignIn {
        let authorization = try await flow.start(scope: scope)
        var text = "On a phone or a computer, open \(authorization.verificationURI)\nand enter the code: \(authorization.userCode)\n"
        if let complete = authorization.verificationURIComplete { text += "(or open \(complete))\n" }
        FileHandle.standardError.write(Data((text + "Waiting for approval…\n").utf8))
        return try await flow.waitForApproval(authorization)
    }

    /// `xdg-open` on Linux, `open` on macOS, when there is one; a failure leaves the printed URL.
    static func openBrowser(_ url: URL) {
        for opener in ["/usr/bin/xdg-open", "/usr/bin/open"] where FileManager.default.isExecutableFile(atPath: opener) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: opener)
            process.arguments = [url.absoluteString]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try? process.run()
            return
        }
    }
}

/// `orangerie userinfo`: the signed-in user's claims (OpenID Connect Core §5.3).
struct UserInfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "userinfo",
        abstract: "Print the signed-in user's claims as JSON, with a fresh access token.",
        discussion: ClientExit.help)

    @OptionGroup var provider: ProviderOptions
    @OptionGroup var client: ClientOptions

    func run() async throws {
        do {
            let claims = try await client.makeTransport().using { transport in
                let session = try await provider.userSession(client: client, transport: transport)
                let token = try await session.token()
                return try await session.flow.userInfo(token, subject: try Self.subject(of: token))
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(claims), as: UTF8.self))
        } catch let error as OAuthClientError {
            throw ClientExit.fail(error)
        }
    }

    /// The `sub` of the ID token kept at sign-in (verified then), which userinfo's must equal.
    static func subject(of token: AccessToken) throws -> String {
        guard let idToken = token.idToken?.revealed, case let parts = idToken.split(separator: "."), parts.count == 3,
            let payload = Data(base64URLEncoded: parts[1]),
            let claims = try? JSONSerialization.jsonObject(with: payload) as? [String: Any], let sub = claims["sub"] as? String
        else {
            throw ValidationError("no ID token is kept for this user: sign in with the openid scope (orangerie login)")
        }
        return sub
    }
}

/// `orangerie logout`: forget and revoke the user's tokens, and end the provider's session in the browser.
struct LogoutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout",
        abstract: "Sign the user out: wipe the tokens, revoke the refresh token (RFC 7009) and end the provider's session.",
        discussion: """
            The tokens are wiped from the token cache first, whatever the provider answers. Where the provider \
            advertises an end_session_endpoint (OpenID Connect RP-Initiated Logout 1.0), the command prints its URL, \
            with the kept ID token as id_token_hint, and opens it in a browser where one exists, so that the \
            browser's single sign-on session ends too; applications that registered a back-channel logout URI are \
            told by the provider. Give --post-logout-redirect-uri (registered for the application) to be sent back \
            there after sign-out, with --state.

            \(ClientExit.help)
            """)

    @OptionGroup var provider: ProviderOptions
    @OptionGroup var client: ClientOptions

    @Option(help: "Where the provider sends the browser after sign-out; must be registered for the application.")
    var postLogoutRedirectURI: String?
    @Option(help: "A value the provider appends to the post-logout redirect, unchanged.") var state: String?
    @Flag(help: "Do not try to open a browser; only print the end-session URL.") var noBrowser = false

    func run() async throws {
        do {
            let endSession = try await client.makeTransport().using { transport in
                try await provider.userSession(client: client, transport: transport).flow.signOut(
                    store: try client.tokenStore(), postLogoutRedirectURI: postLogoutRedirectURI, state: state)
            }
            FileHandle.standardError.write(Data("Signed out.\n".utf8))
            if let endSession {
                FileHandle.standardError.write(Data("Open this URL in a browser to end the provider's session too:\n".utf8))
                print(endSession.absoluteString)
                if !noBrowser { LoginCommand.openBrowser(endSession) }
            }
        } catch let error as OAuthClientError {
            throw ClientExit.fail(error)
        }
    }
}
