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
        static let configuration = CommandConfiguration(
            abstract: "List the signing keys in the order they sign, with their schedule, as a JSON array.",
            discussion: """
                Each key's state is scheduled (published ahead of use by `serve --signing-key-rotation`), signing, or \
                retired (replaced at signs_until, published until published_until, when the tokens it signed have expired).
                """)

        @OptionGroup var database: DatabaseOptions

        @Option(help: "The servers' token lifetime in seconds, how long a replaced key stays published (env ORANGERIE_TOKEN_LIFETIME; default 3600).")
        var tokenLifetime: Int?

        func run() async throws {
            let lifetime = try tokenLifetime ?? Environment.integer("ORANGERIE_TOKEN_LIFETIME") ?? PlatformConfiguration().accessTokenLifetime
            let keys = try await database.open().provisioning.signingKeys()
            try printJSON(SigningKeyView.schedule(of: keys, at: Date(), overlap: TimeInterval(lifetime)))
        }
    }
}
