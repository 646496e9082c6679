import Foundation

extension Validation {
    /// The longest grace period a secret renewal may have (issue 12, "Renew the secret": `0..48h`).
    package static let maximumSecretRenewalGrace: TimeInterval = 48 * 3600

    /// A secret renewal's grace period in seconds: 0 (Orange's way: the old secret fails at once) up to 48 hours.
    package static func secretRenewalGrace(_ seconds: TimeInterval) throws(InvalidInput) -> TimeInterval {
        guard seconds.isFinite, (0...maximumSecretRenewalGrace).contains(seconds) else {
            throw InvalidInput("a secret renewal's grace period is between 0 and 48h (172800 seconds)")
        }
        return seconds
    }

    /// `0`, or whole seconds, minutes or hours such as `90s`, `30m`, `12h`, up to `48h`: the grace period of
    /// `serve --secret-renewal-grace` and `app renew-secret --grace`.
    package static func secretRenewalGrace(parsing text: String) throws(InvalidInput) -> TimeInterval {
        let seconds = try seconds(parsing: text, naming: "a grace period")
        do {
            return try secretRenewalGrace(seconds)
        } catch {
            throw InvalidInput("a grace period of \(text) is longer than 48h, the most a secret renewal allows")
        }
    }

    /// `0`, or whole seconds, minutes or hours such as `90s`, `30m`, `12h` (and, `allowingDays`, days such as `30d`):
    /// how the command line gives a duration. `naming` says what the duration is for in the error, such as "a grace
    /// period", and `examples` what it may be.
    package static func seconds(
        parsing text: String, naming: String, examples: String = "0, 90s, 30m or 12h", allowingDays: Bool = false
    ) throws(InvalidInput) -> TimeInterval {
        var units: [Character: TimeInterval] = ["s": 1, "m": 60, "h": 3600]
        if allowingDays { units["d"] = 86400 }
        if text == "0" { return 0 }
        let digits = text.dropLast()
        guard let unit = text.last.flatMap({ units[$0] }), !digits.isEmpty, digits.allSatisfy({ ("0"..."9").contains($0) }),
            let count = Int(digits), count <= 1_000_000
        else {
            throw InvalidInput("'\(text)' is not \(naming) such as \(examples)")
        }
        return TimeInterval(count) * unit
    }
}
