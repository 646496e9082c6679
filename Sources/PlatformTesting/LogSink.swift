import Logging
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
