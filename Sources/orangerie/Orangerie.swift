import ArgumentParser
import Foundation
import PlatformStore

/// `orangerie`: runs the platform and administers it.
@main
struct Orangerie: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orangerie",
        abstract: "An OAuth 2.0 API platform: authorization server and API gateway, the Orange Developer way.",
        discussion: """
            Every option can also be given as an ORANGERIE_* environment variable (shown in each command's \
            help); a flag on the command line wins.
            """,
        subcommands: [
            Serve.self, APICommand.self, AppCommand.self, ClientSpaceCommand.self, SubscriptionCommand.self, UserCommand.self, ConsentCommand.self, KeysCommand.self,
            AuditCommand.self,
            TokenCommand.self, IntrospectCommand.self, CallCommand.self, DoctorCommand.self, LoginCommand.self, UserInfoCommand.self, LogoutCommand.self,
        ]
    )

    /// Runs the command as the operator, the actor of the audit entries of every change it makes (issue 13, item 3),
    /// named by the login that runs it; `serve` runs the platform as itself.
    static func main() async {
        let login = ProcessInfo.processInfo.userName
        await AuditActor.$current.withValue(AuditActor(kind: .operator, name: login.isEmpty ? "operator" : login)) {
            await main(nil)
        }
    }
}
