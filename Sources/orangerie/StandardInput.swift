import ArgumentParser
import Foundation

/// A secret piped to a command, so that it shows in no process list and no shell history.
enum StandardInput {
    /// Standard input to its end, without the line breaks around it; `what` names the secret when there is none.
    static func secret(_ what: String) throws -> String {
        let text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .newlines)
        guard !text.isEmpty else { throw ValidationError("standard input is empty: \(what) was to be read there") }
        return text
    }
}
