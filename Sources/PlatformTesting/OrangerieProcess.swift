import Foundation
import Platform
import PlatformServices

/// The `orangerie` executable built beside the test binary, run as a separate process with its own environment
/// and standard input — as a user, a script or several at once would run it.
package struct OrangerieProcess: Sendable {
    package struct Result: Sendable {
        package var status: Int32
        package var stdout: String
        package var stderr: String
    }

    private let process: ChildProcess

    /// Starts `orangerie ARGUMENTS` with `environment` added to this process's (less any `ORANGERIE_*`
    /// variable), `input` on standard input, and at most `openFilesLimit` open files (soft and hard limits). The mail a
    /// command sends goes to an outbox in the temporary directory unless `environment` names one: on PostgreSQL the
    /// default outbox is in the working directory, which is the package's.
    package init(_ arguments: [String], environment: [String: String] = [:], input: String = "", openFilesLimit: Int? = nil) throws {
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ORANGERIE_") }
            .merging(["ORANGERIE_MAIL_OUTBOX": NSTemporaryDirectory() + "orangerie-tests.outbox"]) { $1 }.merging(environment) { $1 }
        if let openFilesLimit {
            process = try ChildProcess(
                executable: "/bin/sh",
                arguments: ["-c", "ulimit -n \(openFilesLimit) && exec \"$0\" \"$@\"", Self.executable.path] + arguments,
                environment: environment)
        } else {
            process = try ChildProcess(executable: Self.executable.path, arguments: arguments, environment: environment)
        }
        process.standardInput.write(Data(input.utf8))
        try process.standardInput.close()
    }

    /// Waits for the process to end, off Swift's cooperative pool (``BlockingWork``): blocking it would starve an
    /// in-process server that the process talks to.
    package func result() async -> Result {
        await BlockingWork.run { self.waitForResult() }
    }

    /// Reads standard error, on a thread of its own, until a line contains `text`; returns that line, or nil when
    /// the process closed it first. What was read is not in ``result()``'s `stderr`. With `drainingTheRest`, the
    /// rest is read and dropped until the process closes it, so that a server logging every request never blocks
    /// on a full pipe (and still shuts down when told to).
    package func standardErrorLine(containing text: String, drainingTheRest: Bool = false) async -> String? {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var buffer = ""
                while true {
                    let chunk = self.process.standardError.availableData
                    guard !chunk.isEmpty else { return continuation.resume(returning: nil) }
                    buffer += String(decoding: chunk, as: UTF8.self)
                    if let line = buffer.split(separator: "\n").first(where: { $0.contains(text) }) {
                        continuation.resume(returning: String(line))
                        while drainingTheRest, !self.process.standardError.availableData.isEmpty {}
                        return
                    }
                }
            }
        }
    }

    /// Sends SIGTERM: a server shuts down gracefully.
    package func terminate() {
        process.terminate()
    }

    /// Sends SIGKILL (`kill -9`): a server ends mid-request, with nothing flushed.
    package func killAbruptly() {
        process.killAbruptly()
    }

    private func waitForResult() -> Result {
        let stdout = process.standardOutput.readDataToEndOfFile()
        let stderr = process.standardError.readDataToEndOfFile()
        return Result(
            status: process.waitForExit(), stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Runs `orangerie ARGUMENTS` to its end.
    package static func run(_ arguments: [String], environment: [String: String] = [:], input: String = "") async throws -> Result {
        try await OrangerieProcess(arguments, environment: environment, input: input).result()
    }

    private static var executable: URL {
        let testBinary = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        var directory = testBinary.deletingLastPathComponent()
        // On macOS the test binary sits inside a .xctest bundle.
        while ["xctest"].contains(directory.pathExtension) || ["Contents", "MacOS"].contains(directory.lastPathComponent) {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("orangerie")
    }
}
