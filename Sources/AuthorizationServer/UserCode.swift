import PlatformServices

/// The code a user types on the verification page (RFC 8628 §6.1): 8 letters of `BCDFGHJKLMNPQRSTVWXZ` (no vowels,
/// so no words; no digit to mistake for a letter), 20⁸ ≈ 2.6 × 10¹⁰ codes, shown `BDWP-HQPK` and read whatever
/// the case, with or without the dash and spaces. Kept without the dash.
enum UserCode {
    static let alphabet = Array("BCDFGHJKLMNPQRSTVWXZ".utf8)
    static let length = 8

    static func random() -> String {
        RandomString.drawn(from: alphabet, count: length)
    }

    /// `BDWPHQPK` as `BDWP-HQPK`.
    static func displayed(_ code: String) -> String {
        String(code.prefix(length / 2)) + "-" + String(code.dropFirst(length / 2))
    }

    /// What the user typed as a kept code: upper case, without dashes and spaces; nil unless that is 8 letters of
    /// the alphabet.
    static func normalized(_ typed: String) -> String? {
        guard typed.utf8.count <= 4 * length else { return nil }
        let letters = typed.uppercased().utf8.filter { $0 != UInt8(ascii: "-") && $0 != UInt8(ascii: " ") }
        guard letters.count == length, letters.allSatisfy(alphabet.contains) else { return nil }
        return String(decoding: letters, as: UTF8.self)
    }
}
