/// A string compared by its code points, as JSON Schema 2020-12 (Core §4.2.2) compares strings and names.
///
/// Swift's `==` on `String` compares canonical equivalence ("e\u{301}" == "é"), which would make a reader take a
/// member for one that another reader, upstream, does not; this compares (and hashes) the UTF-8 bytes.
struct CodePoints: Hashable, Sendable {
    var string: String

    init(_ string: String) {
        self.string = string
    }

    static func == (lhs: CodePoints, rhs: CodePoints) -> Bool {
        lhs.string.hasSameCodePoints(as: rhs.string)
    }

    func hash(into hasher: inout Hasher) {
        for byte in string.utf8 { hasher.combine(byte) }
    }
}

extension StringProtocol {
    /// Whether both are the same code points (see ``CodePoints``): the same UTF-8 bytes, compared as one buffer
    /// where both strings are contiguous (native ones are).
    func hasSameCodePoints(as other: some StringProtocol) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        let contiguous = utf8.withContiguousStorageIfAvailable { mine in
            other.utf8.withContiguousStorageIfAvailable { theirs in mine.elementsEqual(theirs) }
        }
        return (contiguous ?? nil) ?? utf8.elementsEqual(other.utf8)
    }
}
