import ArgumentParser
import Foundation

/// A text file that an option names (`api update --openapi FILE --terms FILE`, issue 12, item 3), read whole as UTF-8
/// here, since only the executable and `Platform` read files (ARCHITECTURE.md); when it cannot be, the message names
/// the file and says why.
enum TextFile {
    /// The file's text; refused when it is missing, a directory, unreadable, not UTF-8, or larger than `limit` bytes
    /// (read no further than that).
    static func read(_ path: String, what: String, limit: Int) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ValidationError("cannot read \(what) '\(path)': no such file")
        }
        guard !isDirectory.boolValue else { throw ValidationError("cannot read \(what) '\(path)': it is a directory") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ValidationError("cannot read \(what) '\(path)': permission denied")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: limit + 1) ?? Data()
        } catch {
            throw ValidationError("cannot read \(what) '\(path)': \(error.localizedDescription)")
        }
        guard data.count <= limit else { throw ValidationError("\(what) '\(path)' is larger than \(limit) bytes") }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw ValidationError("\(what) '\(path)' is not UTF-8 text")
        }
        return text
    }
}
