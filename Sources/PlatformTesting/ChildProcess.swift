import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A child process started with `posix_spawn`, its standard streams on pipes, for the tests that run commands
/// while other tests run servers.
///
/// Not Foundation's `Process`: on Linux (6.3) its `run()` lists `/proc/self/fd` with a `readdir` copy that reads
/// past glibc's buffer, and crashes the test process once over a thousand descriptors are open — which a
/// parallel run of the end-to-end tests reaches. Here every descriptor but the three standard ones is marked
/// closed in the child by `posix_spawn_file_actions_addclosefrom_np` where glibc has it (2.34 and later); the
/// pipes are made close-on-exec in the parent either way.
package final class ChildProcess: @unchecked Sendable {  // immutable after init; the pipes are file handles
    package let identifier: pid_t
    package let standardInput: FileHandle
    package let standardOutput: FileHandle
    package let standardError: FileHandle

    package struct SpawnError: Error, CustomStringConvertible {
        package var description: String
    }

    /// Starts `executable` with `arguments` (without the program name) and exactly `environment`.
    package init(executable: String, arguments: [String], environment: [String: String]) throws {
        let (inputRead, inputWrite) = try Self.pipe()
        let (outputRead, outputWrite) = try Self.pipe()
        let (errorRead, errorWrite) = try Self.pipe()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inputRead, 0)
        posix_spawn_file_actions_adddup2(&actions, outputWrite, 1)
        posix_spawn_file_actions_adddup2(&actions, errorWrite, 2)
        if let closeFrom = Self.addCloseFrom { _ = closeFrom(&actions, 3) }

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid = pid_t()
        let status = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        for descriptor in [inputRead, outputWrite, errorWrite] { close(descriptor) }
        guard status == 0 else {
            for descriptor in [inputWrite, outputRead, errorRead] { close(descriptor) }
            throw SpawnError(description: "posix_spawn \(executable): \(String(cString: strerror(status)))")
        }
        identifier = pid
        standardInput = FileHandle(fileDescriptor: inputWrite, closeOnDealloc: true)
        standardOutput = FileHandle(fileDescriptor: outputRead, closeOnDealloc: true)
        standardError = FileHandle(fileDescriptor: errorRead, closeOnDealloc: true)
    }

    /// Waits for the process to end and returns its exit status (128 + the signal when a signal ended it). Blocks:
    /// call it on a Dispatch thread.
    package func waitForExit() -> Int32 {
        var status: Int32 = 0
        while waitpid(identifier, &status, 0) == -1 && errno == EINTR {}
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }

    package func terminate() {
        kill(identifier, SIGTERM)
    }

    /// Sends SIGKILL: the process ends at once, as in a crash or a machine lost.
    package func killAbruptly() {
        kill(identifier, SIGKILL)
    }

    /// A pipe whose two ends are close-on-exec in this process: only the child's duplicated copies survive its
    /// exec (and `addclosefrom_np` closes, in every child, whatever another thread opened meanwhile).
    private static func pipe() throws -> (read: Int32, write: Int32) {
        var descriptors: [Int32] = [0, 0]
        #if canImport(Glibc)
        let created = Glibc.pipe(&descriptors)
        #else
        let created = Darwin.pipe(&descriptors)
        #endif
        guard created == 0 else { throw SpawnError(description: "pipe: \(errno)") }
        for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        return (descriptors[0], descriptors[1])
    }

    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc's `posix_spawn_file_actions_addclosefrom_np`, which Swift's Glibc module does not export.
    private static let addCloseFrom: CloseFrom? = dlsym(dlopen(nil, RTLD_NOW), "posix_spawn_file_actions_addclosefrom_np")
        .map { unsafeBitCast($0, to: CloseFrom.self) }
}
