/// Text made safe inside an HTML or SVG element, or a quoted attribute, for the markup the portal writes itself
/// rather than through its templates (which escape every value): sanitised Markdown, usage charts.
enum HTMLText {
    static func escaped(_ text: some StringProtocol) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "&": escaped += "&amp;"
            case "\"": escaped += "&quot;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
