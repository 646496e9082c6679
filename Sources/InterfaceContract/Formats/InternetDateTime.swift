/// RFC 3339 §5.6's `full-date`, `full-time` and `date-time`, as JSON Schema 2020-12 (Validation §7.3.1) names
/// them `date`, `time` and `date-time`; `T` and `Z` in either case (§5.6, note), a leap second only where it can
/// fall (23:59:60 in UTC, whatever the offset it is written with).
enum InternetDateTime {
    /// `date-fullyear "-" date-month "-" date-mday`, the day within its month (February 29 in leap years only).
    static func isFullDate(_ text: ArraySlice<UInt8>) -> Bool {
        guard text.count == 10, let year = number(text, at: 0, digits: 4), character(text, at: 4) == "-",
            let month = number(text, at: 5, digits: 2), character(text, at: 7) == "-", let day = number(text, at: 8, digits: 2),
            (1...12).contains(month)
        else {
            return false
        }
        return (1...days(inMonth: month, of: year)).contains(day)
    }

    /// `partial-time time-offset`: `hh:mm:ss`, an optional fraction, then `Z` or `+hh:mm` / `-hh:mm`.
    static func isFullTime(_ text: ArraySlice<UInt8>) -> Bool {
        guard text.count >= 9, let hour = number(text, at: 0, digits: 2), character(text, at: 2) == ":",
            let minute = number(text, at: 3, digits: 2), character(text, at: 5) == ":", let second = number(text, at: 6, digits: 2),
            hour <= 23, minute <= 59, second <= 60
        else {
            return false
        }
        var rest = text.dropFirst(8)
        if rest.first == UInt8(ascii: ".") {
            let digits = rest.dropFirst().prefix(while: ASCII.isDigit)
            guard !digits.isEmpty else { return false }
            rest = rest.dropFirst(1 + digits.count)
        }
        guard let offset = offsetMinutes(rest) else { return false }
        let minuteInUTC = ((hour * 60 + minute - offset) % 1440 + 1440) % 1440
        return second < 60 || minuteInUTC == 23 * 60 + 59
    }

    /// `full-date "T" full-time`.
    static func isDateTime(_ text: ArraySlice<UInt8>) -> Bool {
        guard text.count > 11, character(text, at: 10) == "T" || character(text, at: 10) == "t" else { return false }
        return isFullDate(text.prefix(10)) && isFullTime(text.dropFirst(11))
    }

    /// `time-offset` in minutes east of UTC; nil when it is not one.
    private static func offsetMinutes(_ text: ArraySlice<UInt8>) -> Int? {
        switch text.first {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            return text.count == 1 ? 0 : nil
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard text.count == 6, let hours = number(text, at: 1, digits: 2), character(text, at: 3) == ":",
                let minutes = number(text, at: 4, digits: 2), hours <= 23, minutes <= 59
            else {
                return nil
            }
            return (text.first == UInt8(ascii: "-") ? -1 : 1) * (hours * 60 + minutes)
        default:
            return nil
        }
    }

    private static func days(inMonth month: Int, of year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The decimal number written with exactly `digits` digits at `offset` from the start of `text`.
    private static func number(_ text: ArraySlice<UInt8>, at offset: Int, digits: Int) -> Int? {
        let field = text.dropFirst(offset).prefix(digits)
        guard field.count == digits, field.allSatisfy(ASCII.isDigit) else { return nil }
        return field.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }

    private static func character(_ text: ArraySlice<UInt8>, at offset: Int) -> Character? {
        let index = text.startIndex + offset
        return text.indices.contains(index) ? Character(Unicode.Scalar(text[index])) : nil
    }
}
