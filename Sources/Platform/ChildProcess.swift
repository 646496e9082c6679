import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A child process started with `posix_spawn`, its standard streams on pipes: the mail command of a running
/// server (``SendmailCommand``), and the commands the tests run while other tests run servers.
///
/// Not Foundation's `Process`: on Linux (6.3) its `run()` lists `/proc/self/fd` with a `readdir` copy that reads
/// past glibc's buffer, and crashes the test process once over a thousand descriptors are open — which a
/// parallel run of the end-to-end tests reaches. Here every descriptor but the three standard ones is marked
/// closed in the child by `posix_spawn_file_actions_addclosefrom_np` where glibc has it (2.34 and later); the
/// pipes are made close-on-exec in the parent either way. The child starts with every signal at its default and
/// none blocked: this process ignores some (SwiftNIO ignores SIGPIPE, ServiceLifecycle SIGTERM and SIGINT, to
/// handle them through Dispatch) and Dispatch's threads block others, which a child would otherwise inherit — a
/// chromedriver that ignores SIGTERM, a Chromium that never hears of its children's exits.
package final class ChildProcess: @unchecked Sendable {  // immutable after init but `reaped`; the pipes are file handles
    package let identifier: pid_t
    package let standardInput: FileHandle
    package let standardOutput: FileHandle
    package let standardError: FileHandle
    /// Whether the process was waited for: from then on its identifier may name another process, never signalled.
    private let reaped = Mutex(false)
    /// Whether the process leads a process group of its own, which signals reach whole.
    private let leadsGroup: Bool

    package struct SpawnError: Error, CustomStringConvertible {
        package var description: String
    }

    /// Starts `executable` with `arguments` (without the program name) and exactly `environment`; with
    /// `processGroup`, in a process group of its own, so that a signal also reaches whatever it started.
    package init(executable: String, arguments: [String], environment: [String: String], processGroup: Bool = false) throws {
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
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var everySignal = sigset_t()
        sigfillset(&everySignal)
        posix_spawnattr_setsigdefault(&attributes, &everySignal)
        var noSignal = sigset_t()
        sigemptyset(&noSignal)
        posix_spawnattr_setsigmask(&attributes, &noSignal)
        posix_spawnattr_setpgroup(&attributes, 0)
        let flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | (processGroup ? POSIX_SPAWN_SETPGROUP : 0)
        posix_spawnattr_setflags(&attributes, Int16(flags))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid = pid_t()
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        for descriptor in [inputRead, outputWrite, errorWrite] { close(descriptor) }
        guard status == 0 else {
            for descriptor in [inputWrite, outputRead, errorRead] { close(descriptor) }
            throw SpawnError(description: "posix_spawn \(executable): \(String(cString: strerror(status)))")
        }
        identifier = pid
        leadsGroup = processGroup
        standardInput = FileHandle(fileDescriptor: inputWrite, closeOnDealloc: true)
        standardOutput = FileHandle(fileDescriptor: outputRead, closeOnDealloc: true)
        standardError = FileHandle(fileDescriptor: errorRead, closeOnDealloc: true)
    }

    /// Waits for the process to end and returns its exit status (128 + the signal when a signal ended it). Blocks:
    /// call it on a Dispatch thread.
    package func waitForExit() -> Int32 {
        // Reap only once the process ended and while no signal can be on its way: a kill racing the exit reaches
        // the ended process, never another that got its identifier.
        waitUntilEnded()
        var status: Int32 = 0
        reaped.withLock { reaped in
            while waitpid(identifier, &status, 0) == -1 && errno == EINTR {}
            reaped = true
        }
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }

    /// Waits for the process to end, leaving it unreaped: until ``waitForExit()``, its identifier (and its process
    /// group's) stays its own, and signals still reach what is left of its group. Blocks.
    package func waitUntilEnded() {
        var information = siginfo_t()
        while waitid(P_PID, id_t(identifier), &information, WEXITED | WNOWAIT) == -1 && errno == EINTR {}
    }

    package func terminate() {
        send(SIGTERM)
    }

    /// Sends SIGKILL: the process ends at once, as in a crash or a machine lost.
    package func killAbruptly() {
        send(SIGKILL)
    }

    /// Sends `signal` to the process (or its group) unless the process was reaped.
    private func send(_ signal: Int32) {
        reaped.withLock { reaped in
            if !reaped { kill(leadsGroup ? -identifier : identifier, signal) }
        }
    }

    /// `program` itself when it names a path, else the first executable file of that name in the directories of
    /// `searchPath` (as `PATH` lists them); nil when there is none.
    package static func executable(_ program: String, searchPath: String) -> String? {
        let candidates = program.contains("/") ? [program] : searchPath.split(separator: ":").map { "\($0)/\(program)" }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
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
