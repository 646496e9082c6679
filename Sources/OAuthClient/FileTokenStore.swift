import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Tokens in a JSON file that several processes share — the CLI run many times in an hour asks the server
/// once (seed 002: "Do not make more token requests than one per hour").
///
/// The file is created with mode 0600 in a directory of mode 0700 and replaced atomically (written beside,
/// then renamed), so a reader never sees half a file. ``withLock(for:_:)`` holds an advisory `flock` on
/// `PATH.lock`, polled without blocking a thread. Seed 000 prefers memory for access tokens: use this store
/// only where the process does not live as long as its token, and never for a secret.
///
/// ```swift
/// let store = try FileTokenStore(path: NSHomeDirectory() + "/.cache/orangerie/tokens.json")
/// let tokens = flow.cached(store: store)
/// ```
public struct FileTokenStore: TokenStore {
    public let path: String
    private let pollInterval: Duration

    /// Creates the directory (mode 0700) when missing; a leading `~` is the home directory.
    public init(path: String, pollInterval: Duration = .milliseconds(10)) throws {
        self.path = NSString(string: path).expandingTildeInPath
        self.pollInterval = pollInterval
        let directory = (self.path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    public func token(for key: String) async throws -> AccessToken? {
        try readAll()[key]
    }

    public func save(_ token: AccessToken?, for key: String) async throws {
        var all = try readAll()
        all[key] = token
        try writeAll(all)
    }

    public func withLock<Value: Sendable>(for key: String, _ body: @Sendable () async throws -> Value) async throws -> Value {
        let descriptor = open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Self.posixError("open \(path).lock") }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else { throw Self.posixError("lock \(path).lock") }
            try await Task.sleep(for: pollInterval)
        }
        defer { flock(descriptor, LOCK_UN) }
        return try await body()
    }

    private func readAll() throws -> [String: AccessToken] {
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else { return [:] }
        // A file this library cannot read (another version, damage) is a cache miss, not an error.
        return (try? JSONDecoder().decode([String: AccessToken].self, from: data)) ?? [:]
    }

    private func writeAll(_ tokens: [String: AccessToken]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(tokens)
        let temporary = path + ".\(ProcessInfo.processInfo.processIdentifier).\(UUID().uuidString).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Self.posixError("create \(temporary)") }
        let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == data.count, synced == 0, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw Self.posixError("write \(path)")
        }
    }

    private static func posixError(_ action: String) -> OAuthClientError {
        .invalidConfiguration("cannot \(action): \(String(cString: strerror(errno)))")
    }
}
