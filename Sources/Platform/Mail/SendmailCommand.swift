import Foundation
import PlatformServices
import PlatformStore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Delivery through a `sendmail`-compatible command (`--mail-command "/usr/sbin/sendmail -t"`; msmtp, postfix and
/// exim provide one): the command runs, without a shell, with the whole message on its standard input; its exit
/// status says whether it took the message.
///
/// The recipient is never an argument: it is in the `To:` header, which `-t` reads, and an address can never start
/// with `-` (``MailAddress``). A command still running after `timeout` is killed and the message counts as not sent.
package struct SendmailCommand: Mailer {
    /// The program's absolute path, then its arguments.
    package let arguments: [String]
    let from: MailAddress
    let timeout: Duration
    let clock: WallClock
    private let environment: [String: String]

    /// Splits `commandLine` (``CommandLineWords``) and finds its program, in `PATH` when it has no `/`.
    package init(
        commandLine: String, from: MailAddress, timeout: Duration = .seconds(30), clock: WallClock = .system,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigurationError) {
        var words = try CommandLineWords.split(commandLine)
        guard let program = ChildProcess.executable(words[0], searchPath: environment["PATH"] ?? "/usr/bin:/bin") else {
            throw ConfigurationError("the mail command \(words[0]) is not an executable file" + (words[0].contains("/") ? "" : " in PATH"))
        }
        words[0] = program
        arguments = words
        self.from = from
        self.timeout = timeout
        self.clock = clock
        self.environment = environment
        // A command that exits without reading its input must end a write with EPIPE, not this process with
        // SIGPIPE (SwiftNIO ignores it too on Linux; the child gets it back, see ChildProcess).
        signal(SIGPIPE, SIG_IGN)
    }

    package func send(_ message: MailMessage) async throws {
        let text = message.rendered(from: from, messageID: MailMessage.newMessageID(from: from), date: clock.now())
        let process: ChildProcess
        do {
            process = try ChildProcess(
                executable: arguments[0], arguments: Array(arguments.dropFirst()), environment: environment, processGroup: true)
        } catch {
            throw MailCommandError(program: arguments[0], problem: "could not start: \(error)")
        }
        let timedOut = Mutex(false)
        let killer = Task {
            try await Task.sleep(for: timeout)
            timedOut.withLock { $0 = true }
            process.killAbruptly()
        }
        // Each blocking step on a thread of its own: the command may read its input only after writing to its
        // outputs, or never read it. The killer stays armed until its outputs close, which what it started may
        // delay; the process is reaped last, so that its process group is still its own when killed.
        async let written: Void = BlockingWork.run {
            _ = try? process.standardInput.write(contentsOf: Data(text.utf8))
            try? process.standardInput.close()
        }
        async let output: Data = BlockingWork.run { process.standardOutput.readDataToEndOfFile() }
        async let errors: Data = BlockingWork.run { process.standardError.readDataToEndOfFile() }
        await BlockingWork.run { process.waitUntilEnded() }
        let endedInTime = !timedOut.withLock { $0 }
        _ = await (written, output)
        let firstErrorLine = String(decoding: await errors, as: UTF8.self).split(whereSeparator: \.isNewline).first
        killer.cancel()
        let status = process.waitForExit()
        guard endedInTime else {
            throw MailCommandError(program: arguments[0], problem: "did not finish within \(timeout) and was killed")
        }
        guard status == 0 else {
            throw MailCommandError(
                program: arguments[0], problem: "exited with status \(status)" + (firstErrorLine.map { ": \($0.prefix(300))" } ?? ""))
        }
    }
}

/// The mail command did not take a message. Says the program and what went wrong, with at most the first line
/// of its standard error; never the message.
package struct MailCommandError: Error, CustomStringConvertible {
    package var program: String
    package var problem: String

    package var description: String { "the mail command \(program) \(problem)" }
}
