/// The `format` values asserted (JSON Schema 2020-12, Validation §7.3, and OpenAPI 3.1 §4.2's `int32`, `int64`),
/// as a gateway must: a value the upstream would misread is refused at the door. Other formats (`float`, `password`,
/// `byte`, …) are annotations and not checked; a format applies only to its own type (a number is never a bad date).
enum Format: String, Sendable {
    case date
    case dateTime = "date-time"
    case time
    case email
    case hostname
    case uuid
    case uri
    case ipv4
    case ipv6
    case int32
    case int64

    func accepts(_ instance: JSONInstance) -> Bool {
        switch (self, instance) {
        case (.int32, .number(let number)): number.exactInteger.flatMap(Int32.init(exactly:)) != nil
        case (.int64, .number(let number)): number.exactInteger != nil
        case (_, .string(let text)): accepts(Array(text.utf8))
        default: true
        }
    }

    private func accepts(_ text: [UInt8]) -> Bool {
        let text = text[...]
        return switch self {
        case .date: InternetDateTime.isFullDate(text)
        case .dateTime: InternetDateTime.isDateTime(text)
        case .time: InternetDateTime.isFullTime(text)
        case .email: InternetAddress.isMailbox(text)
        case .hostname: InternetAddress.isHostname(text)
        case .uuid: ResourceIdentifier.isUUID(text)
        case .uri: ResourceIdentifier.isURI(text)
        case .ipv4: InternetAddress.isIPv4(text)
        case .ipv6: InternetAddress.isIPv6(text)
        case .int32, .int64: true
        }
    }

    /// What a message says a value must be.
    var requirement: String {
        switch self {
        case .date: "must be a date (RFC 3339 full-date, such as 2026-01-31)"
        case .dateTime: "must be a date and time (RFC 3339, such as 2026-01-31T12:00:00Z)"
        case .time: "must be a time (RFC 3339 full-time, such as 12:00:00Z)"
        case .email: "must be an e-mail address"
        case .hostname: "must be a host name"
        case .uuid: "must be a UUID"
        case .uri: "must be an absolute URI"
        case .ipv4: "must be an IPv4 address"
        case .ipv6: "must be an IPv6 address"
        case .int32: "must be a 32-bit integer"
        case .int64: "must be a 64-bit integer"
        }
    }
}
