import Foundation

/// Reads JSON text (RFC 8259) into a ``JSONInstance``, strictly: UTF-8 only (§8.1; a leading byte order mark is
/// ignored, as §8.1 allows), no duplicate member names, no nesting deeper than `maximumDepth`, no number beyond a
/// `Double`'s range (§9 lets a reader limit both), no lone surrogate in a `\u` escape (§8.2).
///
/// Written here rather than taken from Foundation: `JSONSerialization` makes `true` and 1 the same `NSNumber` (each
/// casts to the other's type), keeps one of duplicate names, and neither it nor `JSONDecoder` keeps members in order.
struct JSONReader {
    /// The depth a request body may nest to: deeper bodies are refused before any schema sees them.
    static let bodyDepth = 64

    /// What is wrong with a text, and where: never the text itself.
    struct Failure: Error, CustomStringConvertible {
        var problem: String
        var offset: Int

        var description: String { "\(problem) (byte \(offset))" }
    }

    static func read(_ data: Data, maximumDepth: Int = bodyDepth) throws(Failure) -> JSONInstance {
        try data.withUnsafeBytes { raw in
            Result { () throws(Failure) in try read(raw.assumingMemoryBound(to: UInt8.self), maximumDepth: maximumDepth) }
        }.get()
    }

    private static func read(_ bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int) throws(Failure) -> JSONInstance {
        var reader = JSONReader(bytes: bytes, maximumDepth: maximumDepth)
        return try reader.document()
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private let maximumDepth: Int
    private var offset = 0
    private var depth = 0

    private init(bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    private mutating func document() throws(Failure) -> JSONInstance {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { offset = 3 }
        skipWhitespace()
        let value = try value()
        skipWhitespace()
        guard offset == bytes.count else { throw failure("has more after the JSON value") }
        return value
    }

    private mutating func value() throws(Failure) -> JSONInstance {
        guard let byte = peek() else { throw failure("ends before a value") }
        switch byte {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw failure("has an unexpected character")
        }
    }

    private mutating func object() throws(Failure) -> JSONInstance {
        try enterContainer()
        defer { depth -= 1 }
        var object = JSONObject()
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            offset += 1
            return .object(object)
        }
        while true {
            guard peek() == UInt8(ascii: "\"") else { throw failure("expects a member name in quotes") }
            let nameOffset = offset
            let name = try string()
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "expects a colon after a member name")
            skipWhitespace()
            guard object.append(name, try value()) else {
                throw Failure(problem: "has the same member name twice in one object", offset: nameOffset)
            }
            skipWhitespace()
            if try endOfContainer(UInt8(ascii: "}")) { return .object(object) }
        }
    }

    private mutating func array() throws(Failure) -> JSONInstance {
        try enterContainer()
        defer { depth -= 1 }
        var items: [JSONInstance] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            offset += 1
            return .array(items)
        }
        while true {
            items.append(try value())
            skipWhitespace()
            if try endOfContainer(UInt8(ascii: "]")) { return .array(items) }
        }
    }

    /// Steps over the opening bracket, counting the depth.
    private mutating func enterContainer() throws(Failure) {
        guard depth < maximumDepth else { throw failure("nests deeper than \(maximumDepth) levels") }
        depth += 1
        offset += 1
    }

    /// After a member or an item: true past the closing bracket, false past a comma (and the whitespace after it).
    private mutating func endOfContainer(_ closing: UInt8) throws(Failure) -> Bool {
        switch peek() {
        case closing:
            offset += 1
            return true
        case UInt8(ascii: ","):
            offset += 1
            skipWhitespace()
            return false
        default:
            throw failure("expects a comma or a closing bracket")
        }
    }

    private mutating func literal(_ word: StaticString, _ value: JSONInstance) throws(Failure) -> JSONInstance {
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard bytes[offset...].starts(with: expected) else { throw failure("has an unexpected word") }
        offset += expected.count
        return value
    }

    /// RFC 8259 §6: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    private mutating func number() throws(Failure) -> JSONNumber {
        let start = offset
        if peek() == UInt8(ascii: "-") { offset += 1 }
        if peek() == UInt8(ascii: "0") {
            offset += 1
        } else {
            try digits()
        }
        var isIntegerLiteral = true
        if peek() == UInt8(ascii: ".") {
            offset += 1
            try digits()
            isIntegerLiteral = false
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            offset += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { offset += 1 }
            try digits()
            isIntegerLiteral = false
        }
        let text = String(decoding: bytes[start..<offset], as: UTF8.self)
        if isIntegerLiteral, let integer = Int64(text) { return .integer(integer) }
        guard let value = Double(text), value.isFinite else { throw Failure(problem: "has a number out of range", offset: start) }
        return .double(value)
    }

    private mutating func digits() throws(Failure) {
        let start = offset
        while let byte = peek(), ASCII.isDigit(byte) { offset += 1 }
        guard offset > start else { throw failure("expects a digit") }
    }

    /// RFC 8259 §7. The common string without escapes is taken in place (ASCII needs no UTF-8 validation); others
    /// are decoded byte by byte.
    private mutating func string() throws(Failure) -> String {
        offset += 1
        let start = offset
        var isASCII = true
        while let byte = peek(), byte != UInt8(ascii: "\\") {
            if byte == UInt8(ascii: "\"") {
                offset += 1
                let text = bytes[start..<offset - 1]
                return isASCII ? String(decoding: text, as: UTF8.self) : try validated(text, from: start)
            }
            guard byte >= 0x20 else { throw failure("has a control character in a string") }
            isASCII = isASCII && byte < 0x80
            offset += 1
        }
        var decoded = Array(bytes[start..<offset])
        while let byte = peek() {
            offset += 1
            switch byte {
            case UInt8(ascii: "\""):
                return try validated(decoded[...], from: start)
            case UInt8(ascii: "\\"):
                try unescape(into: &decoded)
            case ..<0x20:
                offset -= 1
                throw failure("has a control character in a string")
            default:
                decoded.append(byte)
            }
        }
        throw failure("ends inside a string")
    }

    private func validated(_ utf8: some Collection<UInt8>, from start: Int) throws(Failure) -> String {
        guard let string = String(validating: utf8, as: UTF8.self) else {
            throw Failure(problem: "has a string that is not UTF-8", offset: start)
        }
        return string
    }

    /// One escape after its backslash (§7), appended as UTF-8; a `\u` high surrogate must be followed by a low one.
    private mutating func unescape(into decoded: inout [UInt8]) throws(Failure) {
        let escapeOffset = offset - 1
        guard let byte = peek() else { throw failure("ends inside a string") }
        offset += 1
        let simple: UInt8? =
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): byte
            case UInt8(ascii: "b"): 0x08
            case UInt8(ascii: "f"): 0x0C
            case UInt8(ascii: "n"): 0x0A
            case UInt8(ascii: "r"): 0x0D
            case UInt8(ascii: "t"): 0x09
            default: nil
            }
        if let simple {
            decoded.append(simple)
            return
        }
        guard byte == UInt8(ascii: "u") else { throw Failure(problem: "has an unknown escape", offset: escapeOffset) }
        var scalar = try hexQuad()
        if (0xD800..<0xDC00).contains(scalar) {
            guard bytes[offset...].starts(with: [UInt8(ascii: "\\"), UInt8(ascii: "u")]) else {
                throw Failure(problem: "has a lone surrogate escape", offset: escapeOffset)
            }
            offset += 2
            let low = try hexQuad()
            guard (0xDC00..<0xE000).contains(low) else { throw Failure(problem: "has a lone surrogate escape", offset: escapeOffset) }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let unicode = Unicode.Scalar(scalar) else { throw Failure(problem: "has a lone surrogate escape", offset: escapeOffset) }
        UTF8.encode(unicode) { decoded.append($0) }
    }

    private mutating func hexQuad() throws(Failure) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = peek().flatMap(ASCII.hexValue) else { throw failure("has a \\u escape without four hexadecimal digits") }
            value = value << 4 | UInt32(digit)
            offset += 1
        }
        return value
    }

    private mutating func expect(_ byte: UInt8, _ problem: String) throws(Failure) {
        guard peek() == byte else { throw failure(problem) }
        offset += 1
    }

    private func peek() -> UInt8? {
        offset < bytes.count ? bytes[offset] : nil
    }

    /// RFC 8259 §2: space, tab, line feed, carriage return.
    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { offset += 1 }
    }

    private func failure(_ problem: String) -> Failure {
        Failure(problem: problem, offset: offset)
    }
}

extension JSONReader {
    /// `text` read as a JSON number (RFC 8259 §6) and nothing else; nil when it is not one.
    static func number(_ text: Substring) -> JSONNumber? {
        guard let first = text.utf8.first, first == UInt8(ascii: "-") || ASCII.isDigit(first) else { return nil }
        var text = String(text)
        return text.withUTF8 { bytes in
            var reader = JSONReader(bytes: bytes, maximumDepth: 0)
            guard let number = try? reader.number(), reader.offset == bytes.count else { return nil }
            return number
        }
    }
}
