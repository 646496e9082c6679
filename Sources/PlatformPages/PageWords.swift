import Synchronization

/// The words of a set of pages in one language, which templates read as `{{text.name}}` (the provider's
/// `PageText`, the portal's `PortalText`).
package protocol PageWords: Sendable {
    /// The language's tag (`en`, `fr`): a type has one set of words per language.
    var language: String { get }
}

extension PageWords {
    /// The `String` properties by name, made once per type and language. swift-mustache reads a struct through
    /// `Mirror`, searching every property on each `{{text.name}}`: that was half of MyApps's time in bench/portal,
    /// where a dictionary answers at once.
    package var templateValues: [String: String] {
        let key = "\(Self.self)/\(language)"
        if let values = wordsCache.withLock({ $0[key] }) { return values }
        var values: [String: String] = [:]
        for child in Mirror(reflecting: self).children {
            if let label = child.label, let text = child.value as? String { values[label] = text }
        }
        wordsCache.withLock { $0[key] = values }
        return values
    }
}

private let wordsCache = Mutex<[String: [String: String]]>([:])
