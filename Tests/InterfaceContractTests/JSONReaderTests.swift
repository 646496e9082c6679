import Foundation
import Testing

@testable import InterfaceContract

/// The body reader (RFC 8259): what Foundation's readers get wrong for a validator, and what must never crash.
@Suite struct JSONReaderTests {
    func read(_ text: String) throws(JSONReader.Failure) -> JSONInstance {
        try JSONReader.read(Data(text.utf8))
    }

    func problem(_ text: String) -> String? {
        do {
            _ = try read(text)
            return nil
        } catch {
            return error.problem
        }
    }

    @Test func booleansAndNumbersStayApart() throws {
        #expect(try read("[true, 1, false, 0, 1.0]") == .array([.bool(true), .number(.integer(1)), .bool(false), .number(.integer(0)), .number(.double(1))]))
        #expect(try read("true") != read("1"))
        #expect(try read("1") == read("1.0"))
    }

    @Test func membersKeepTheirOrder() throws {
        let object = try #require(try read(#"{"b": 1, "a": 2, "c": 3}"#).object)
        #expect(object.members.map(\.name) == ["b", "a", "c"])
    }

    @Test func largeObjectsFindTheirMembers() throws {
        let members = (0..<40).map { #""m\#($0)": \#($0)"# }.joined(separator: ",")
        let object = try #require(try read("{\(members)}").object)
        #expect(object["m33"] == .number(.integer(33)))
        #expect(problem("{\(members), \"m7\": 0}") == "has the same member name twice in one object")
    }

    @Test func duplicateNamesAreRefused() {
        #expect(problem(#"{"a": 1, "a": 2}"#) == "has the same member name twice in one object")
        #expect(problem(#"{"a": 1, "\u0061": 2}"#) == "has the same member name twice in one object")
        // Canonically equivalent, but other code points: two names.
        #expect(problem(#"{"é": 1, "e\u0301": 2}"#) == nil)
    }

    @Test func nestingIsCapped() {
        #expect(problem(String(repeating: "[", count: 64) + String(repeating: "]", count: 64)) == nil)
        #expect(problem(String(repeating: "[", count: 65) + String(repeating: "]", count: 65)) == "nests deeper than 64 levels")
        #expect(problem(String(repeating: "[", count: 100_000)) == "nests deeper than 64 levels")
    }

    @Test func numbers() throws {
        #expect(try read("9223372036854775807") == .number(.integer(.max)))
        #expect(try read("-9223372036854775808") == .number(.integer(.min)))
        #expect(try read("9223372036854775808") == .number(.double(9223372036854775808)))
        #expect(try read("1e-400") == .number(.double(0)))
        #expect(try read("-0") == .number(.integer(0)))
        #expect(problem("1e400") == "has a number out of range")
        #expect(problem("-1e309") == "has a number out of range")
        #expect(problem(String(repeating: "9", count: 400)) == "has a number out of range")
        for invalid in ["01", "1.", ".5", "+1", "1e", "-", "0x10", "NaN", "Infinity"] {
            #expect(problem(invalid) != nil, "\(invalid)")
        }
    }

    @Test func strings() throws {
        #expect(try read(#""a\"b\\c\/d\b\f\n\r\t""#) == .string("a\"b\\c/d\u{8}\u{C}\n\r\t"))
        #expect(try read(#""\u00e9\ud83c\udf4a""#) == .string("é🍊"))
        #expect(problem(#""\ud83c""#) == "has a lone surrogate escape")
        #expect(problem(#""\udf4a""#) == "has a lone surrogate escape")
        #expect(problem(#""\ud83c\u0041""#) == "has a lone surrogate escape")
        #expect(problem(#""\x""#) == "has an unknown escape")
        #expect(problem(#""\u12""#) == "has a \\u escape without four hexadecimal digits")
        #expect(problem("\"a\u{1}b\"") == "has a control character in a string")
        #expect(problem("\"a\\n\u{1}b\"") == "has a control character in a string")
        #expect(problem("\"abc") == "ends inside a string")
    }

    @Test func invalidUTF8IsRefused() {
        #expect(throws: JSONReader.Failure.self) { try JSONReader.read(Data([0x22, 0xFF, 0x22])) }
        #expect(throws: JSONReader.Failure.self) { try JSONReader.read(Data([0x22, 0x5C, 0x6E, 0xC3, 0x22])) }
    }

    @Test func aByteOrderMarkIsIgnoredAndNothingMayFollow() throws {
        #expect(try JSONReader.read(Data([0xEF, 0xBB, 0xBF]) + Data("{}".utf8)) == .object(JSONObject()))
        #expect(problem("{} {}") == "has more after the JSON value")
        #expect(problem(" \t\r\n[ ] \n") == nil)
        #expect(problem("") == "ends before a value")
        #expect(problem("[1,]") == "has an unexpected character")
        #expect(problem("tru") == "has an unexpected word")
    }
}
