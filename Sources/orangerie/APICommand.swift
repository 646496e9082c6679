import Foundation
import ArgumentParser
import Platform
import PlatformServices
import PlatformStore

/// `--rate-limit` and `--quota`, shared by the commands that set limits.
struct LimitOptions: ParsableArguments {
    @Option(help: "Rate limit: N/second or N/minute; none to remove.")
    var rateLimit: String?

    @Option(help: "Quota: N/hour, N/day or N/month (calendar windows, UTC); none to remove.")
    var quota: String?

    /// The limits given, for a new API or subscription.
    func limits() throws -> Limits {
        Limits(rate: try rateLimit.flatMap(Validation.allowance), quota: try quota.flatMap(Validation.allowance))
    }
}

struct APICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api",
        abstract: "Register, document and list the APIs exposed through the gateway.",
        subcommands: [Create.self, Update.self, Show.self, List.self, Invite.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register an API: requests under its base path will go to its upstream. Prints it as JSON.")

        @Option(help: "Short unique name, used by other commands (e.g. poi).")
        var name: String

        @Option(help: "Base path under which the API is served (e.g. /poi/v1).")
        var basePath: String

        @Option(help: "URL of the backend (e.g. https://poi.internal.example/v1).")
        var upstream: String

        @OptionGroup var limits: LimitOptions

        @Option(help: "Status of a call refused by a limit: 403 (as Orange) or 429.")
        var limitStatus = 403

        @Option(help: "When the shared database cannot count a limit: closed refuses the call with 503 (the default), open lets it through uncounted.")
        var limitFallback: LimitFallback = .closed

        @Option(name: .customLong("scope"), help: "A scope the API declares, which its subscribers may ask end users for; repeat for several.")
        var scopes: [String] = []

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let api = try await database.open().provisioning.createAPI(
                name: name, basePath: basePath, upstream: upstream,
                limits: try limits.limits(), limitStatus: limitStatus, scopes: scopes, limitFallback: limitFallback)
            try printJSON(APIView(api))
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change an API's upstream, status, limits or catalog entry; what is not given stays. Prints it as JSON.",
            discussion: """
                Running servers apply the change within a second. A retired API answers 404 to everyone; a deprecated \
                one still serves its subscribers.

                The catalog entry is what the developer portal shows: a description, an OpenAPI 3 document (JSON or \
                YAML, at most 1 MiB, stored as given), terms of use that a developer accepts when subscribing (a new \
                text is their next version: 1, 2, …; the same text keeps its version), and whether a subscription from \
                the portal is active at once (auto, Orange's default) or waits for `orangerie subscription approve` \
                (manual). The Overview and Getting started tabs of the API's page are Markdown files; raw HTML in them \
                is shown as text.

                Visibility: public (everyone, signed out included), partner (only client spaces invited with \
                `orangerie api invite`) or private (only client spaces marked with `orangerie client-space set \
                --internal`). To anyone else a partner or private API does not exist: its pages answer 404.

                What the proxy enforces (seed 001's interface contract): with --contract strict only the operations \
                of the OpenAPI document are forwarded; --validate-requests checks their parameters and JSON bodies. \
                The backend can trust the gateway and nothing else with one of --upstream-header, --upstream-basic, \
                --upstream-token-url or --upstream-client-certificate; their secrets are sealed with the master key \
                and never printed again.
                """)

        @Argument(help: "The API's name.") var name: String

        @Option(help: "New URL of the backend.")
        var upstream: String?

        @Option(help: "live, deprecated or retired.")
        var status: String?

        @OptionGroup var limits: LimitOptions

        @Option(help: "Status of a call refused by a limit: 403 or 429.")
        var limitStatus: Int?

        @Option(help: "When the shared database cannot count a limit: closed (refuse with 503) or open (let the call through uncounted).")
        var limitFallback: LimitFallback?

        @Option(name: .customLong("scope"), help: "The API's scopes, replacing the current ones; repeat for several.")
        var scopes: [String] = []

        @Option(help: "What the API does, as the portal's catalog shows it: at most 2,000 characters.")
        var description: String?

        @Option(name: .customLong("openapi"), help: ArgumentHelp("An OpenAPI 3 document, JSON or YAML, at most 1 MiB.", valueName: "file"))
        var openAPIFile: String?

        @Option(name: .customLong("terms"), help: ArgumentHelp("The API's terms of use, text or Markdown, at most 100 KiB.", valueName: "file"))
        var termsFile: String?

        @Option(name: .customLong("overview"), help: ArgumentHelp("The Overview tab: what the API offers, Markdown, at most 100 KiB.", valueName: "file"))
        var overviewFile: String?

        @Option(
            name: .customLong("getting-started"),
            help: ArgumentHelp("The Getting started tab: requests and answers to begin with, Markdown, at most 100 KiB.", valueName: "file"))
        var gettingStartedFile: String?

        @Option(help: "Who sees the API in the portal: public, partner or private.")
        var visibility: APIVisibility?

        @Option(help: "How a subscription from the portal starts: auto (active at once) or manual (pending an operator's approval).")
        var approval: SubscriptionApproval?

        @OptionGroup(title: "What the API proxy enforces") var policy: PolicyOptions

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let status = try status.map { text in
                guard let status = APIStatus(rawValue: text) else {
                    throw ValidationError("the status is live, deprecated or retired, not '\(text)'")
                }
                return status
            }
            let openAPI = try openAPIFile.map { try TextFile.read($0, what: "the OpenAPI document", limit: Validation.maximumOpenAPIBytes) }
            let terms = try termsFile.map { try TextFile.read($0, what: "the terms of use", limit: Validation.maximumPageTextBytes) }
            let overview = try overviewFile.map { try TextFile.read($0, what: "the overview", limit: Validation.maximumPageTextBytes) }
            let gettingStarted = try gettingStartedFile.map {
                try TextFile.read($0, what: "getting started", limit: Validation.maximumPageTextBytes)
            }
            let provisioning = try await database.open().provisioning
            // The catalog entry first: its files are the likelier to be refused, and then nothing has changed.
            let documentation = try await provisioning.updateDocumentation(
                apiName: name, description: description, overview: overview, gettingStarted: gettingStarted, openAPI: openAPI,
                terms: terms, approval: approval, visibility: visibility)
            let api = try await provisioning.updateAPI(
                named: name, upstream: upstream, status: status, rate: try limits.rateLimit.map(Validation.allowance),
                quota: try limits.quota.map(Validation.allowance), limitStatus: limitStatus,
                scopes: scopes.isEmpty ? nil : scopes, limitFallback: limitFallback, policy: try policy.change())
            try printJSON(APIView(api, documentation: documentation))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print an API as JSON with its catalog entry: description, approval, terms version, visibility, the addresses invited, whether an OpenAPI document is attached.")

        @Argument(help: "The API's name.") var name: String

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let provisioning = try await database.open().provisioning
            try printJSON(
                APIView(
                    try await provisioning.api(named: name), documentation: try await provisioning.documentation(apiName: name),
                    invitations: try await provisioning.invitations(apiName: name)))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the registered APIs as a JSON array.")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try printJSON(try await database.open().provisioning.apis().map { APIView($0) })
        }
    }

    struct Invite: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Invite an address to a partner API, and send it an e-mail with the API's page. Prints the invitation as JSON.",
            discussion: """
                The client space of the address (now, or once it signs up) then sees the API in the portal and can \
                subscribe its applications. Inviting an address again sends the e-mail again and keeps the first date.
                """)

        @Argument(help: "The API's name.") var name: String

        @Option(help: "The address to invite.")
        var email: String

        @Option(help: "URL the portal is reached at, for the link in the e-mail, e.g. https://api.example.com (env ORANGERIE_PUBLIC_URL).")
        var publicURL: String?

        @OptionGroup var mail: MailOptions

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            guard let publicURL = publicURL ?? Environment.string("ORANGERIE_PUBLIC_URL") else {
                throw ValidationError("give --public-url (or ORANGERIE_PUBLIC_URL): the e-mail links to the API's page")
            }
            let mailer = try mail.configuration().makeMailer(for: database.location, clock: .system)
            let provisioning = try await database.open().provisioning
            let invitation = try await provisioning.invite(email: email, apiName: name)
            try await mailer.send(APIInvitationMail.message(invitation, link: publicURL + "/portal/apis/" + name))
            try printJSON(["api": invitation.apiName, "email": invitation.email, "invited_at": invitation.invitedAt.formatted(.iso8601)])
        }
    }
}

extension LimitFallback: ExpressibleByArgument {}
extension APIVisibility: ExpressibleByArgument {}
extension SubscriptionApproval: ExpressibleByArgument {}
