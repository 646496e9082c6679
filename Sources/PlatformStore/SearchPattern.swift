import Foundation

/// A `LIKE` pattern that matches text holding `text` anywhere, its wildcards (`%`, `_`) and the escape character
/// escaped by a backslash (`ESCAPE '\'`, PostgreSQL's default): how both drivers search (issue 13, item 4).
package func containingPattern(_ text: String) -> String {
    "%" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
}
