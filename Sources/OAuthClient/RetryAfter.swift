import Foundation

/// `Retry-After` (RFC 9110 §10.2.3): "either an HTTP-date or a number of seconds to delay after receiving the
/// response".
enum RetryAfter {
    /// The wait from `now`; a date in the past means no wait. Nil when the value is neither form.
    static func parse(_ value: String, now: Date) -> Duration? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(text), seconds >= 0 {
            return .seconds(seconds)
        }
        guard let date = httpDate(text) else { return nil }
        return .seconds(max(0, Int(date.timeIntervalSince(now).rounded(.up))))
    }

    /// IMF-fixdate, the one form a sender may generate (RFC 9110 §5.6.7): `Sun, 06 Nov 1994 08:49:37 GMT`.
    static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.date(from: text)
    }
}
