/// How a parameter's text becomes the instance its schema checks (OpenAPI 3.1 §4.8.12.4, Style Values): one value,
/// or an array of values given as repeated parameters (`form` exploded) or joined by a delimiter (`simple` and
/// unexploded `form`: a comma; `spaceDelimited`, `pipeDelimited`).
enum ParameterShape: Sendable {
    case scalar(ScalarKind)
    /// `delimiter` nil: each occurrence of the parameter is an item.
    case array(ScalarKind, delimiter: UInt8?)

    /// What a piece of text is read as, by the type its schema declares: text has no types of its own, so `5` is
    /// the number 5 where the schema wants a number, and the text "5" where it wants text.
    enum ScalarKind: Sendable {
        case text
        case number
        case boolean

        init(_ types: JSONTypes?) {
            guard let types else {
                self = .text
                return
            }
            self = !types.isDisjoint(with: [.number, .integer]) ? .number : types.contains(.boolean) ? .boolean : .text
        }

        /// The instance `text` is read as; text that is not a number or boolean stays text, for its schema to refuse.
        func instance(_ text: Substring) -> JSONInstance {
            switch self {
            case .text: .string(String(text))
            case .number: JSONReader.number(text).map(JSONInstance.number) ?? .string(String(text))
            case .boolean: text == "true" ? .bool(true) : text == "false" ? .bool(false) : .string(String(text))
            }
        }
    }

    /// The instances to check for the occurrences of a parameter: one per occurrence, or one array of all.
    func instances(_ occurrences: [Substring], trimming: Bool) -> [JSONInstance] {
        let values = trimming ? occurrences.map(Self.trimmed) : occurrences
        switch self {
        case .scalar(let kind):
            return values.map(kind.instance)
        case .array(let kind, delimiter: nil):
            return [.array(values.map(kind.instance))]
        case .array(let kind, delimiter: let delimiter?):
            return values.map { value in
                let items = value.isEmpty ? [] : value.utf8.split(separator: delimiter, omittingEmptySubsequences: false).map(Substring.init)
                return .array(items.map { kind.instance(trimming ? Self.trimmed($0) : $0) })
            }
        }
    }

    /// RFC 9110 §5.6.1: optional whitespace around a header's list items and values.
    private static func trimmed(_ text: Substring) -> Substring {
        let isWhitespace = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = text.utf8.firstIndex(where: { !isWhitespace($0) }), let last = text.utf8.lastIndex(where: { !isWhitespace($0) })
        else {
            return text.prefix(0)
        }
        return text[first...last]
    }
}
