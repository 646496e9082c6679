import Crypto
import Foundation
import PlatformServices

/// The key from which the credential keys derive (see `CredentialVault`). A copy of the database alone must reveal
/// no client secret, so the key never lives in the database.
///
/// It comes from `ORANGERIE_MASTER_KEY` (Base64 of 32 bytes), else from `--master-key-file`, else, for a SQLite
/// database only, from the file `PATH.key` beside it, created with mode 0600 on first start. Instances sharing a
/// PostgreSQL database must be given the same key: there is no file beside such a database to fall back on.
package struct MasterKeySource: Sendable, Hashable {
    /// Base64 of 32 bytes (`ORANGERIE_MASTER_KEY`).
    package var base64: String?
    /// A file holding the Base64 of 32 bytes (`--master-key-file`, `ORANGERIE_MASTER_KEY_FILE`).
    package var file: String?

    package init(base64: String? = nil, file: String? = nil) {
        self.base64 = base64
        self.file = file
    }

    func load(for database: DatabaseLocation) throws -> SymmetricKey {
        if let base64 {
            return try Self.decode(base64, origin: "ORANGERIE_MASTER_KEY")
        }
        if let file {
            guard let contents = FileManager.default.contents(atPath: file) else {
                throw MasterKeyError("cannot read the master key file \(file)")
            }
            return try Self.decode(String(decoding: contents, as: UTF8.self), origin: file)
        }
        switch database {
        case .sqlite(let path):
            let keyPath = path + ".key"
            if let existing = FileManager.default.contents(atPath: keyPath) {
                return try Self.decode(String(decoding: existing, as: UTF8.self), origin: keyPath)
            }
            return try Self.create(at: keyPath)
        case .postgres:
            throw MasterKeyError(
                "a PostgreSQL database needs the master key that every instance shares: set ORANGERIE_MASTER_KEY or --master-key-file (openssl rand -base64 32)")
        }
    }

    /// Creates the key file exclusively, so that two processes starting together agree on one key.
    private static func create(at path: String) throws -> SymmetricKey {
        let key = SymmetricKey(size: .bits256)
        let text = key.withUnsafeBytes { Data($0).base64EncodedString() } + "\n"
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST, let existing = FileManager.default.contents(atPath: path) {
                return try decode(String(decoding: existing, as: UTF8.self), origin: path)
            }
            throw MasterKeyError("cannot create the master key file \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let written = text.utf8CString.withUnsafeBufferPointer { write(descriptor, $0.baseAddress, $0.count - 1) }
        guard written == text.utf8.count, fsync(descriptor) == 0 else {
            throw MasterKeyError("cannot write the master key file \(path)")
        }
        return key
    }

    private static func decode(_ text: String, origin: String) throws -> SymmetricKey {
        guard let bytes = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count == 32 else {
            throw MasterKeyError("\(origin) must hold the Base64 encoding of 32 bytes (openssl rand -base64 32)")
        }
        return SymmetricKey(data: bytes)
    }
}

struct MasterKeyError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
