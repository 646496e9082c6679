import ArgumentParser
import Foundation
import Platform
import PlatformServices
import PlatformStore

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Manage the keys that sign ID tokens, published at /openidconnect/fr/v1/jwks.",
        subcommands: [Rotate.self, List.self])

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a new RS256 signing key, which signs from now on; the previous one stays published until the tokens it signed have expired.",
            discussion: "Running servers publish the new key within a second. Prints the new key (never its private part) as JSON.")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try printJSON(SigningKeyView(try await database.open().provisioning.rotateSigningKey()))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the signing keys, oldest first, as a JSON array.")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try printJSON(try await database.open().provisioning.signingKeys().map(SigningKeyView.init))
        }
    }
}
