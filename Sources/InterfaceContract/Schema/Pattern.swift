import Foundation

/// A `pattern` or `patternProperties` regular expression (JSON Schema 2020-12, Validation §6.3.3, Core §4.3.1),
/// compiled once with the document. It is searched for anywhere in the text (JSON Schema patterns are not
/// anchored: `^…$` says so), by ICU's engine, whose syntax covers what ECMA-262 patterns use in practice (classes,
/// quantifiers, groups, anchors, `\d`, `\w`, `\p{…}`); ICU's `\d` and `\w` also take non-ASCII digits and letters.
struct Pattern: Sendable {
    let source: String
    private let expression: NSRegularExpression

    init(_ source: String, at location: DocumentLocation) throws(ContractError) {
        do {
            expression = try NSRegularExpression(pattern: source)
        } catch {
            throw ContractError("\(location) is not a regular expression that can be compiled: \(source)")
        }
        self.source = source
    }

    func matches(_ text: String) -> Bool {
        expression.firstMatch(in: text, range: NSRange(location: 0, length: text.utf16.count)) != nil
    }
}
