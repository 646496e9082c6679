import ArgumentParser
import Platform
import PlatformStore

struct APICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api",
        abstract: "Register and list the APIs exposed through the gateway.",
        subcommands: [Create.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register an API: requests under its base path will go to its upstream. Prints it as JSON.")

        @Option(help: "Short unique name, used by other commands (e.g. poi).")
        var name: String

        @Option(help: "Base path under which the API is served (e.g. /poi/v1).")
        var basePath: String

        @Option(help: "URL of the backend (e.g. https://poi.internal.example/v1).")
        var upstream: String

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let api = try await database.open().provisioning.createAPI(name: name, basePath: basePath, upstream: upstream)
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
