import Foundation
import Hummingbird

/// The languages the platform's pages speak (the provider's and the portal's), and which one a browser gets.
package enum PageLanguage: Sendable {
    case english
    case french

    /// The first of `preferences` — language tags, as `ui_locales` (OpenID Connect Core §3.1.2.1) or
    /// `Accept-Language` (RFC 9110 §12.5.4) list them — that the pages speak; English otherwise.
    package static func first(of preferences: [String]) -> PageLanguage {
        for tag in preferences {
            switch tag.trimmingCharacters(in: .whitespaces).prefix(while: { $0.isLetter }).lowercased() {
            case "fr": return .french
            case "en": return .english
            default: continue
            }
        }
        return .english
    }

    /// The tags of the request's `Accept-Language`, in the order given.
    package static func accepted(by request: Request) -> [String] {
        request.headers[values: .acceptLanguage].flatMap { $0.split(separator: ",").map(String.init) }
    }
}
