import APIGateway
import HTTPTypes

/// `RequestID.isUsable(_:)`, the gateway's rule for keeping a client's `X-OAPI-Request-Id`, which is then logged,
/// forwarded upstream and sent back.
///
/// Checks that it never traps, that it agrees with the rule written again on characters (1 to 128 ASCII letters,
/// digits and `-_.:`), and that a kept id is a valid HTTP field value (RFC 9110 §5.5).
enum RequestIDFuzzTarget {
    static func run(_ bytes: [UInt8]) {
        let sent = FuzzInput.text(bytes)
        let usable = RequestID.isUsable(sent)
        let rule = (1...128).contains(sent.utf8.count) && sent.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:".contains($0)) }
        check(usable == rule, "request id \(sent.debugDescription): isUsable says \(usable)")
        check(!usable || HTTPField.isValidValue(sent), "request id \(sent.debugDescription) kept but not a field value")
    }
}
