import ArgumentParser
import Foundation
import Platform
import PlatformServices
import PlatformStore

struct AppCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "app",
        abstract: "Manage client applications: credentials, subscriptions, suspension.",
        subcommands: [
            Create.self, List.self, RedirectURIs.self, LogoutURIs.self, Subscribe.self, Unsubscribe.self, Suspend.self, Resume.self, RenewSecret.self,
            RevokeTokens.self, Introspection.self, PushedRequests.self,
        ])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an application (and its client space) and print it with its credentials as JSON.")

        @Option(help: "E-mail address of the client space; one client space per address.")
        var email: String

        @Option(help: "Name of the application.")
        var name: String

        @Option(name: .customLong("redirect-uri"), help: "Callback URL for 3-legged OAuth; repeat for several.")
        var redirectURIs: [String] = []

        @OptionGroup var logout: LogoutOptions

        @Option(name: .customLong("subscribe"), help: "Name of an API to subscribe to; repeat for several.")
        var subscriptions: [String] = []

        @Flag(help: "Let the application ask whether a token is live at the introspection endpoint (RFC 7662): for resource servers.")
        var mayIntrospect = false

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let created = try await database.open().provisioning.createApplication(
                email: email, name: name, redirectURIs: redirectURIs, logout: logout.registration, subscriptions: subscriptions,
                mayIntrospect: mayIntrospect)
            try printJSON(ApplicationView(created.application, credentials: created.credentials))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List applications as a JSON array, without secrets.")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try printJSON(try await database.open().provisioning.applications().map { ApplicationView($0) })
        }
    }

    struct RedirectURIs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "redirect-uris",
            abstract: "Replace an application's redirect URIs (3-legged OAuth) and print the application as JSON.",
            discussion: """
                Each URI is matched exactly as a string at the authorization endpoint (seed 003), except that a \
                loopback http://127.0.0.1/PATH or http://[::1]/PATH accepts any port (RFC 8252 §7.3). Give no \
                --redirect-uri to remove them all.
                """)

        @Argument(help: "The application's client_id.") var clientID: String
        @Option(name: .customLong("redirect-uri"), help: "Callback URL; repeat for several.")
        var redirectURIs: [String] = []
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try printJSON(ApplicationView(try await database.open().provisioning.setRedirectURIs(redirectURIs, clientID: clientID)))
        }
    }

    struct LogoutURIs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "logout-uris",
            abstract: "Replace what an application registered for sign-out and print the application as JSON.",
            discussion: """
                OpenID Connect RP-Initiated Logout 1.0: the end-session endpoint sends the browser back only to a \
                registered --post-logout-redirect-uri, matched exactly as a string. Back-Channel Logout 1.0: the \
                platform POSTs a logout token to the --backchannel-logout-uri when a user who signed in to the \
                application signs out. Give neither option to remove them all.
                """)

        @Argument(help: "The application's client_id.") var clientID: String
        @OptionGroup var logout: LogoutOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try printJSON(ApplicationView(try await database.open().provisioning.setLogout(logout.registration, clientID: clientID)))
        }
    }

    struct Subscribe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Subscribe an application to an API, optionally with its own limits instead of the API's.")

        @Argument(help: "The application's client_id.") var clientID: String
        @Argument(help: "The API's name.") var api: String
        @OptionGroup var limits: LimitOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let application = try await database.open().provisioning.subscribe(
                clientID: clientID, apiName: api, limits: try limits.limits())
            try printJSON(ApplicationView(application))
        }
    }

    struct Unsubscribe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel an application's subscription to an API.")

        @Argument(help: "The application's client_id.") var clientID: String
        @Argument(help: "The API's name.") var api: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try printJSON(ApplicationView(try await database.open().provisioning.unsubscribe(clientID: clientID, apiName: api)))
        }
    }

    struct Suspend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Suspend an application: it gets no token until resumed (running servers see it within 2 s).",
            discussion: "Its developer is told by e-mail.")

        @Argument(help: "The application's client_id.") var clientID: String
        @OptionGroup var notification: NotificationOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try printJSON(ApplicationView(try await notification.provisioning(database).setStatus(.suspended, clientID: clientID)))
        }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Resume a suspended application.", discussion: "Its developer is told by e-mail.")

        @Argument(help: "The application's client_id.") var clientID: String
        @OptionGroup var notification: NotificationOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try printJSON(ApplicationView(try await notification.provisioning(database).setStatus(.active, clientID: clientID)))
        }
    }

    struct RevokeTokens: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke-tokens",
            abstract: "Revoke every token issued to an application so far (running servers apply it within a second).")

        @Argument(help: "The application's client_id.") var clientID: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try printJSON(ApplicationView(try await database.open().provisioning.revokeTokens(clientID: clientID)))
        }
    }

    struct Introspection: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Let an application introspect tokens (RFC 7662), or no longer, and print the application as JSON.",
            discussion: """
                An application allowed to introspect, typically a resource server outside the gateway, may ask \
                /oauth/v3/introspect or /openidconnect/fr/v1/introspect whether any token of the platform is live, \
                authenticating as at the token endpoints. Running servers apply the change within a second.
                """)

        enum Decision: EnumerableFlag {
            case allow, deny

            static func help(for value: Decision) -> ArgumentHelp? {
                value == .allow ? "Allow the application to introspect tokens." : "Refuse its introspection requests from now on."
            }
        }

        @Argument(help: "The application's client_id.") var clientID: String
        @Flag var decision: Decision
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try printJSON(
                ApplicationView(try await database.open().provisioning.setMayIntrospect(decision == .allow, clientID: clientID)))
        }
    }

    struct PushedRequests: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "par",
            abstract: "Require an application to push its authorization requests (RFC 9126), or no longer, and print the application as JSON.",
            discussion: """
                An application that requires pushed authorization requests must first POST its parameters to \
                /openidconnect/fr/v1/par, then send the browser to /authorize with only client_id and the request_uri it \
                got; /authorize refuses its other requests. Running servers apply the change within a second.
                """)

        enum Decision: EnumerableFlag {
            case require, allow

            static func help(for value: Decision) -> ArgumentHelp? {
                value == .require
                    ? "Refuse the application's authorization requests that were not pushed."
                    : "Accept its authorization requests whether pushed or not (the default)."
            }
        }

        @Argument(help: "The application's client_id.") var clientID: String
        @Flag var decision: Decision
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try printJSON(
                ApplicationView(
                    try await database.open().provisioning.setRequiresPushedAuthorizationRequests(decision == .require, clientID: clientID)))
        }
    }

    struct RenewSecret: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "renew-secret",
            abstract: "Replace an application's client_secret and revoke its tokens; the old secret fails at once, or at the end of --grace. Prints the new credentials as JSON.")

        @Argument(help: "The application's client_id.") var clientID: String
        @Option(
            parsing: .unconditional,
            help: "How long the old secret still gets tokens, which stop at its end: 0, or whole s, m or h such as 90s, 30m, 12h, at most 48h.",
            transform: Validation.secretRenewalGrace(parsing:))
        var grace: TimeInterval = 0
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let renewed = try await database.open().provisioning.renewSecret(clientID: clientID, grace: grace)
            try printJSON(ApplicationView(renewed.application, credentials: renewed.credentials))
        }
    }
}
