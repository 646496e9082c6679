import Foundation

/// Splits a configured command line (`--mail-command "/usr/sbin/sendmail -t"`) into words as a shell would for
/// simple quoting, without running a shell: words are separated by spaces or tabs; `'…'` keeps everything
/// literally; `"…"` keeps everything but `\"` and `\\`; outside quotes `\` keeps the next character.
///
/// What only a shell does (pipes, redirections, variables, substitutions, `;`, `&`) is refused rather than passed
/// on as a literal word: a command line that needs it belongs in a script, given as the command.
package enum CommandLineWords {
    package static func split(_ line: String) throws(ConfigurationError) -> [String] {
        var words: [String] = []
        var word: String?
        var characters = line.makeIterator()
        func append(_ character: Character) { word = (word ?? "") + String(character) }
        while let character = characters.next() {
            switch character {
            case " ", "\t":
                if let finished = word { words.append(finished) }
                word = nil
            case "'":
                word = word ?? ""
                while true {
                    guard let quoted = characters.next() else { throw ConfigurationError("unbalanced ' in the mail command") }
                    if quoted == "'" { break }
                    append(quoted)
                }
            case "\"":
                word = word ?? ""
                while true {
                    guard let quoted = characters.next() else { throw ConfigurationError("unbalanced \" in the mail command") }
                    if quoted == "\"" { break }
                    if quoted == "\\", let escaped = characters.next() {
                        if escaped != "\"" && escaped != "\\" { append(quoted) }
                        append(escaped)
                    } else {
                        append(quoted)
                    }
                }
            case "\\":
                guard let escaped = characters.next() else { throw ConfigurationError("a \\ ends the mail command") }
                append(escaped)
            case "|", "&", ";", "<", ">", "(", ")", "$", "`", "\n", "\r":
                throw ConfigurationError(
                    "the mail command is run without a shell: quote '\(character)' or put the command line in a script")
            default:
                append(character)
            }
        }
        if let finished = word { words.append(finished) }
        guard !words.isEmpty else { throw ConfigurationError("the mail command is empty") }
        return words
    }
}
