import Crypto
import Foundation
import PlatformServices

/// The key from which the credential keys derive (see `CredentialVault`).
///
/// It comes from `ORANGERIE_MASTER_KEY` (Base64 of 32 bytes) or from a file beside the database, created with
/// mode 0600 on first start. Keeping it out of the database means a copy of the database alone reveals no
/// client secret.
enum MasterKey {
    static func load(base64: String?, databasePath: String) throws -> SymmetricKey {
        if let base64 {
            return try decode(base64, origin: "ORANGERIE_MASTER_KEY")
        }
        let path = databasePath + ".key"
        if let existing = FileManager.default.contents(atPath: path) {
            return try decode(String(decoding: existing, as: UTF8.self), origin: path)
        }
        return try create(at: path)
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
