import Foundation
import Logging
import Platform
import Synchronization

/// Every log line of a run, with its metadata.
package final class LogSink: Sendable {
    private let lines = Mutex<[String]>([])
    package init() {}
    package func append(_ line: String) { lines.withLock { $0.append(line) } }
    package var text: String { lines.withLock { $0.joined(separator: "\n") } }
}

package struct CapturingLogHandler: LogHandler {
    package let sink: LogSink
    package var metadata: Logger.Metadata = [:]
    package var logLevel: Logger.Level = .trace

    package init(sink: LogSink) {
        self.sink = sink
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        sink.append("\(event.level) \(event.message) \(all) \(event.source)")
    }
}

extension LogSink {
    /// A logger at trace level writing to this sink: the capture's own line for `.text`, the lines of
    /// `serve --log-format json` for `.json`; either way behind the server's ``EscapingLogHandler``, which
    /// `Platform.makeServer` adds.
    package func logger(_ format: LogFormat) -> Logger {
        var logger = Logger(label: "capture") { _ in
            switch format {
            case .text: CapturingLogHandler(sink: self)
            case .json: JSONLogHandler(write: self.append)
            }
        }
        logger.logLevel = .trace
        return logger
    }

    /// Each line, read as a JSON object (lines of another format are left out).
    package var jsonLines: [[String: Any]] {
        lines.withLock { $0 }.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }
}
