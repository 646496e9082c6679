import Logging

/// Wraps the server's log handler so that no value from a client can forge or break a log line: control
/// characters in messages and metadata — line breaks, escape sequences, NUL, and Unicode's line and paragraph
/// separators — are written as `\u{…}` (issue 10, item 11). Installed once, by the composition root, so that no
/// feature can forget it.
///
/// Metadata set on the logger (the request id, on every request) stays here and joins each line as it is written:
/// set on the wrapped handler, it cost swift-log's StreamLogHandler a formatted string per request, even at a level
/// that writes nothing (issue 15, item 2). It is escaped then too, not when set. A line's own metadata wins over it,
/// as with any handler.
struct EscapingLogHandler: LogHandler {
    private var base: any LogHandler
    private var added: Logger.Metadata = [:]

    init(_ base: any LogHandler) {
        self.base = base
        added = base.metadata
        self.base.metadata = [:]
    }

    /// `logger`, its handler wrapped.
    static func wrapping(_ logger: Logger) -> Logger {
        var logger = logger
        logger.handler = EscapingLogHandler(logger.handler)
        return logger
    }

    var logLevel: Logger.Level {
        get { base.logLevel }
        set { base.logLevel = newValue }
    }

    var metadata: Logger.Metadata {
        get { added }
        set { added = newValue }
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { base.metadataProvider }
        set { base.metadataProvider = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { added[key] }
        set { added[key] = newValue }
    }

    func log(event: LogEvent) {
        var event = event
        event.message = Logger.Message(stringLiteral: Self.escaped(event.message.description))
        let all = added.merging(event.metadata ?? [:]) { $1 }
        event.metadata = all.isEmpty ? nil : all.mapValues(Self.escaped)
        base.log(event: event)
    }

    static func escaped(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        switch value {
        case .string(let text): .string(escaped(text))
        case .stringConvertible(let value) where value is any Numeric: .stringConvertible(value)
        case .stringConvertible(let value): .string(escaped(value.description))
        case .array(let values): .array(values.map(escaped))
        case .dictionary(let values): .dictionary(values.mapValues(escaped))
        }
    }

    /// `text` with every control character written as `\u{XX}`; the same string when it has none.
    static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                result += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// C0 and C1 controls, DEL, and U+2028/U+2029, which some log viewers break lines at.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }
}
