import ArgumentParser
import Foundation
import Platform
import PlatformServices
import PlatformStore

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage the end users who sign in to authorize applications (3-legged OAuth).",
        subcommands: [Create.self, List.self, Lock.self, Unlock.self, GrantAdmin.self, RevokeAdmin.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an end user and print it as JSON. The password is read from standard input, never from an argument.",
            discussion: """
                On a terminal the password is asked for without echo; otherwise standard input is read to its end \
                and one trailing newline dropped: printf '%s' "$PASSWORD" | orangerie user create --username alice
                """)

        @Option(help: "The name typed on the login page; unique whatever its case.") var username: String
        @Option(help: "E-mail address (claim email, scope email).") var email: String?
        @Option(help: "Full name (claim name, scope profile).") var name: String?
        @Option(help: "Given name (scope profile).") var givenName: String?
        @Option(help: "Family name (scope profile).") var familyName: String?
        @Option(help: "Phone number, e.g. +33612345678 (scope phone).") var phoneNumber: String?
        @Option(help: "Postal address on one line (claim address.formatted, scope address).") var address: String?
        @Flag(help: "Make the user an administrator of the provider's console at /portal/admin.") var admin = false
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let claims = EndUserClaims(
                email: email, name: name, givenName: givenName, familyName: familyName, phoneNumber: phoneNumber,
                address: address)
            let provisioning = try await database.open().provisioning
            var user = try await provisioning.createUser(username: username, password: try Self.readPassword(), claims: claims)
            if admin { user = try await provisioning.setAdministrator(true, username: username) }
            try printJSON(UserView(user))
        }

        static func readPassword() throws -> String {
            if isatty(STDIN_FILENO) == 1, let typed = getpass("Password: ") {
                return String(cString: typed)
            }
            var text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            if text.hasSuffix("\r\n") { text.removeLast(2) } else if text.hasSuffix("\n") { text.removeLast() }
            return text
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List end users as a JSON array, without passwords.")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try printJSON(try await database.open().provisioning.users().map(UserView.init))
        }
    }

    struct Lock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lock an end user: they can no longer sign in.")

        @Option(help: "The user's username.") var username: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try printJSON(UserView(try await database.open().provisioning.setLocked(true, username: username)))
        }
    }

    struct Unlock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Unlock an end user.")

        @Option(help: "The user's username.") var username: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try printJSON(UserView(try await database.open().provisioning.setLocked(false, username: username)))
        }
    }

    struct GrantAdmin: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "grant-admin",
            abstract: "Make a user an administrator of the provider's console (/portal/admin), with the same sign-in as the portal.")

        @Option(help: "The user's username (a developer's is their e-mail address).") var username: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try printJSON(UserView(try await database.open().provisioning.setAdministrator(true, username: username)))
        }
    }

    struct RevokeAdmin: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke-admin", abstract: "Make an administrator an ordinary user again: the console refuses them at once.")

        @Option(help: "The user's username.") var username: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try printJSON(UserView(try await database.open().provisioning.setAdministrator(false, username: username)))
        }
    }
}
