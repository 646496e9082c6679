import ArgumentParser
import Foundation
import Platform
import PlatformServices
import PlatformStore

/// `orangerie subscription`: the operator's decisions on subscriptions that an API with manual approval keeps
/// pending (issue 12, item 3: `subscription list --pending`, `subscription approve|reject ID [--reason TEXT]`).
struct SubscriptionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subscription",
        abstract: "List subscriptions, and approve or reject those waiting for an operator.",
        discussion: """
            A developer who subscribes from the portal to an API whose approval is manual (`orangerie api update \
            NAME --approval manual`) waits for an operator: until approved, the application gets no token for the API \
            (seed 002's unauthorized_client) and cannot call it.
            """,
        subcommands: [List.self, Approve.self, Reject.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print subscriptions as a table: id, application, API, status, when requested, terms version accepted, reason.")

        @Flag(help: "Only the subscriptions waiting for an operator's approval.")
        var pending = false

        @Option(help: ArgumentHelp("Only the subscriptions to this API.", valueName: "name"))
        var api: String?

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let listed = try await database.open().provisioning.subscriptions(pendingOnly: pending, apiName: api)
            let dates = ISO8601DateFormatter()
            printTable(
                ["ID", "CLIENT_ID", "APPLICATION", "API", "STATUS", "REQUESTED", "TERMS", "REASON"],
                listed.map { subscription, application in
                    [
                        subscription.id, application.clientID, application.name, subscription.apiName, subscription.status.rawValue,
                        dates.string(from: subscription.createdAt), subscription.termsVersion ?? "-", subscription.reason ?? "",
                    ]
                })
        }
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Approve a pending subscription: the application gets tokens for the API at once. Prints it as JSON.",
            discussion: """
                Running servers see it within a second. Written to the application's activity, by operator. The \
                application's developer is told by e-mail.
                """)

        @Argument(help: "The subscription's id (see `orangerie subscription list --pending`).") var id: String
        @OptionGroup var notification: NotificationOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try printJSON(try await notification.provisioning(database).approveSubscription(id: id))
        }
    }

    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reject a pending subscription, saying why. Prints it as JSON.",
            discussion: """
                The developer sees the reason on the application's APIs tab and may ask again, and is told by e-mail. \
                Written to the application's activity, by operator, with the reason.
                """)

        @Argument(help: "The subscription's id (see `orangerie subscription list --pending`).") var id: String
        @Option(help: "Why, shown to the developer and in the e-mail that tells them: at most 500 characters.") var reason: String?
        @OptionGroup var notification: NotificationOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try printJSON(try await notification.provisioning(database).rejectSubscription(id: id, reason: reason))
        }
    }
}

/// Columns padded to their widest cell, two spaces apart; a line break in a cell becomes a space.
private func printTable(_ header: [String], _ rows: [[String]]) {
    let lines = ([header] + rows).map { $0.map { $0.replacing(/\s+/, with: " ") } }
    let widths = header.indices.map { column in lines.map { $0[column].count }.max() ?? 0 }
    for line in lines {
        let cells = zip(line, widths).map { cell, width in cell + String(repeating: " ", count: width - cell.count) }
        print(cells.joined(separator: "  ").trimmingCharacters(in: .whitespaces))
    }
}
