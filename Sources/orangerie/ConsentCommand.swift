import ArgumentParser
import Foundation
import OAuthCore
import Platform
import PlatformServices
import PlatformStore

struct ConsentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consent",
        abstract: "See and withdraw the consents end users gave to applications (3-legged OAuth).",
        subcommands: [List.self, Revoke.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a user's consents as a JSON array.")

        @Option(help: "The user's username.") var username: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let consents = try await database.open().provisioning.consents(username: username)
            try printJSON(consents.map { ConsentView(grant: $0.grant, application: $0.application) })
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Withdraw a user's consent to an application.",
            discussion: """
                As when the user does it on the account page: the application's refresh tokens stop working \
                (invalid_grant) and its access tokens are refused with 401 code 41, "no consent has been found".
                """)

        @Option(help: "The user's username.") var username: String
        @Option(help: "The application's client_id.") var clientID: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await database.open().provisioning.revokeConsent(username: username, clientID: clientID)
            try printJSON(["revoked": true])
        }
    }
}

/// A consent as `consent list` prints it.
struct ConsentView: Encodable {
    var clientID: String?
    var applicationName: String?
    var scope: String
    var createdAt: Date
    var updatedAt: Date

    init(grant: ConsentGrant, application: ClientApplication?) {
        clientID = application?.clientID
        applicationName = application?.name
        scope = grant.scope.description
        createdAt = grant.createdAt
        updatedAt = grant.updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case clientID = "client_id"
        case applicationName = "application_name"
        case scope
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}
