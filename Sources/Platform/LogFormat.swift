import Logging

/// How the server writes its log lines to standard error (`serve --log-format`; issue 14, item 3).
package enum LogFormat: String, Sendable, CaseIterable {
    /// swift-log's line: time, level, label, metadata, message.
    case text
    /// One JSON object per line (``JSONLogHandler``).
    case json

    /// The handler of a logger labelled `label`.
    package func handler(label: String) -> any LogHandler {
        switch self {
        case .text: StreamLogHandler.standardError(label: label)
        case .json: JSONLogHandler.standardError(label: label)
        }
    }
}
