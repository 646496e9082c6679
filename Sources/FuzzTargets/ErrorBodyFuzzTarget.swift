import Foundation
import OAuthCore

/// `ErrorBody(json:)`, which reads every error answer the SDK gets: RFC 6749 §5.2's `{"error", "error_description"}`
/// or Orange's `{"code", "message", "description"}`.
///
/// Checks that reading never traps, and that what was read, written again as JSON, reads back as the same error.
enum ErrorBodyFuzzTarget {
    static func run(_ bytes: [UInt8]) {
        guard let body = ErrorBody(json: Data(bytes)) else { return }
        let encoded: Data?
        switch body {
        case .oauth(let error): encoded = try? JSONEncoder().encode(error)
        case .orange(let error): encoded = try? JSONEncoder().encode(error)
        }
        let again = encoded.flatMap(ErrorBody.init(json:))
        check(again == body, "error body round trip: \(body) reads back as \(again.map(String.init(describing:)) ?? "nothing")")
    }
}
