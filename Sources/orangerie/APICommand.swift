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
        abstract: "Register and list the APIs exposed through the gateway.",
        subcommands: [Create.self, Update.self, List.self])

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
            abstract: "Change an API's upstream, status or limits; what is not given stays. Prints it as JSON.",
            discussion: "Running servers apply the change within a second. A retired API answers 404 to everyone; a deprecated one still serves its subscribers.")

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

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let status = try status.map { text in
                guard let status = APIStatus(rawValue: text) else {
                    throw ValidationError("the status is live, deprecated or retired, not '\(text)'")
                }
                return status
            }
            let api = try await database.open().provisioning.updateAPI(
                named: name, upstream: upstream, status: status, rate: try limits.rateLimit.map(Validation.allowance),
                quota: try limits.quota.map(Validation.allowance), limitStatus: limitStatus,
                scopes: scopes.isEmpty ? nil : scopes, limitFallback: limitFallback)
            try printJSON(APIView(api))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the registered APIs as a JSON array.")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try printJSON(try await database.open().provisioning.apis().map(APIView.init))
        }
    }
}

extension LimitFallback: ExpressibleByArgument {}
