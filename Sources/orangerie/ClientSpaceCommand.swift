import ArgumentParser
import Platform
import PlatformServices
import PlatformStore

struct ClientSpaceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client-space",
        abstract: "Mark the client space of an address internal, so that it sees private APIs.",
        subcommands: [Set.self])

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark a client space internal (it sees the private APIs in the portal) or not.",
            discussion: "The address must have a client space: a developer who signed up, or one that `app create --email` used.")

        @Option(help: "The client space's address.")
        var email: String

        @Flag(inversion: .prefixedNo, help: "Internal: sees the private APIs.")
        var `internal`: Bool

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            do {
                try await database.open().provisioning.setInternal(`internal`, email: email)
            } catch StoreError.notFound {
                throw ValidationError("the address \(email) has no client space")
            }
            struct Marked: Encodable {
                var email: String
                var `internal`: Bool
            }
            try printJSON(Marked(email: email.lowercased(), internal: `internal`))
        }
    }
}
