import Ink

/// Markdown an operator wrote for an API's page (issue 17, item 1: the Overview, Getting started and the terms),
/// rendered by Ink and held to what cannot run or reach elsewhere:
/// - raw HTML, block or inline, is shown as text;
/// - a link keeps only an `http`, `https`, `mailto` or relative target made of URL characters, and opens without a
///   referrer; an image only a relative or `https` one (the pages' Content-Security-Policy loads images from the
///   platform alone); anything else is shown as the Markdown it was;
/// - a code block's language becomes a class only when it is a plain word.
///
/// Ink writes link targets, image descriptions and code languages into attributes unescaped, so each of those is
/// matched against a strict pattern before it is kept. The pages' Content-Security-Policy (no inline script without
/// the page's nonce) is the second wall.
enum MarkdownPage {
    static func html(_ markdown: String) -> String {
        MarkdownParser(modifiers: [
            Modifier(target: .html) { HTMLText.escaped($0.markdown) },
            Modifier(target: .links) { link($0.html) ?? HTMLText.escaped($0.markdown) },
            Modifier(target: .images) { image($0.html) ?? HTMLText.escaped($0.markdown) },
            Modifier(target: .codeBlocks) { codeBlock($0.html) },
        ]).html(from: markdown)
    }

    private static func link(_ html: String) -> String? {
        // The target in characters a URL is made of (RFC 3986 §2): no quote, space or angle bracket.
        guard let (_, target, title) = html.wholeMatch(of: #/<a href="([A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*)">(.*)</a>/#.dotMatchesNewlines())?.output,
            isSafe(target, schemes: ["http", "https", "mailto"])
        else {
            return nil
        }
        return #"<a href="\#(target)" rel="noopener noreferrer">\#(title)</a>"#
    }

    private static func image(_ html: String) -> String? {
        guard let (_, source, description) = html.wholeMatch(of: #/<img src="([A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*)"(?: alt="([^"<>]*)")?/>/#)?.output,
            isSafe(source, schemes: ["https"])
        else {
            return nil
        }
        return #"<img src="\#(source)" alt="\#(description ?? "")">"#
    }

    /// Relative (no scheme before the first `/`, `?` or `#`), or one of `schemes`.
    private static func isSafe(_ target: Substring, schemes: Set<String>) -> Bool {
        let beforePath = target.prefix { !"/?#".contains($0) }
        guard let colon = beforePath.firstIndex(of: ":") else { return true }
        return schemes.contains(beforePath[..<colon].lowercased())
    }

    /// Ink escapes the code itself, so the opening tag ends at the last `>` before `</code></pre>`.
    private static func codeBlock(_ html: String) -> String {
        guard html.hasPrefix("<pre><code"), html.hasSuffix("</code></pre>") else { return html }
        let body = html.dropLast("</code></pre>".count)
        guard let end = body.lastIndex(of: ">") else { return html }
        let opening = body[..<end]
        let code = body[body.index(after: end)...]
        let language = opening.wholeMatch(of: #/<pre><code class="language-([A-Za-z0-9+#._-]+)"/#)?.output.1
        return "<pre><code\(language.map { " class=\"language-\($0)\"" } ?? "")>\(code)</code></pre>"
    }
}
