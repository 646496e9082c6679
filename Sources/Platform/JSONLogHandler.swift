import Foundation
import Logging

/// `serve --log-format json` (issue 14, item 3): one JSON object per line, for a log collector. It holds `time`
/// (RFC 3339, UTC, milliseconds), `level` and `message`, and each metadata key of the line at the top level: a
/// request's line has `request_id`, `trace_id` (when tracing is on), `route_class`, `status`, `duration_ms`, `client`
/// and, once the application is known, `client_id`. Numbers stay numbers.
///
/// JSON's escaping keeps every value inside its line; the server also wraps this handler in ``EscapingLogHandler``,
/// as it does the text one, so that a control character from a client reads the same (`\u{a}`) in both formats.
package struct JSONLogHandler: LogHandler {
    package var metadata: Logger.Metadata = [:]
    package var metadataProvider: Logger.MetadataProvider?
    package var logLevel: Logger.Level = .info
    private let write: @Sendable (String) -> Void

    /// Hands each line, without its line break, to `write`.
    package init(write: @escaping @Sendable (String) -> Void) {
        self.write = write
    }

    /// Writes each line to standard error in one `write`, so that lines from concurrent requests never interleave.
    package static func standardError(label: String) -> JSONLogHandler {
        JSONLogHandler { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        var fields = metadata.merging(metadataProvider?.get() ?? [:]) { $1 }.merging(event.metadata ?? [:]) { $1 }.mapValues(Self.object)
        fields["time"] = Date.now.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        fields["level"] = event.level.rawValue
        fields["message"] = event.message.description
        guard let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        write(String(decoding: data, as: UTF8.self))
    }

    /// A metadata value as the object `JSONSerialization` writes: numbers and booleans as such, anything else as text.
    private static func object(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let text): text
        case .stringConvertible(let value as Int): value
        case .stringConvertible(let value as Double): value
        case .stringConvertible(let value as Bool): value
        case .stringConvertible(let value): value.description
        case .array(let values): values.map(object)
        case .dictionary(let values): values.mapValues(object)
        }
    }
}
