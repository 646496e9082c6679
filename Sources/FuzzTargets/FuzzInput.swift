/// How the targets read their bytes and compare what they get back.
enum FuzzInput {
    /// The input as text: invalid UTF-8 becomes U+FFFD, so every string a header or a body can become is reachable.
    static func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// The input's lines (`\n`-separated, empty ones kept): for targets that take more than one value.
    static func lines(_ bytes: [UInt8]) -> [String] {
        bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether two strings are the same bytes: Swift's `==` compares canonical equivalence (`"\u{212A}" == "K"`),
    /// which is not what a wire format means by equal.
    static func identical(_ lhs: some StringProtocol, _ rhs: some StringProtocol) -> Bool {
        lhs.utf8.elementsEqual(rhs.utf8)
    }
}

/// A property of a target. When it fails the process stops with `message` in release builds too (`precondition`
/// drops its message under -O), so that libFuzzer's log says which property broke and on what.
func check(_ condition: Bool, _ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) {
    if !condition { fatalError(message(), file: file, line: line) }
}
