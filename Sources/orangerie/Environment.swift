import Foundation

/// `ORANGERIE_*` variables, the second source of every option after the command line.
enum Environment {
    static func string(_ name: String) -> String? {
        ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    static func integer(_ name: String) throws -> Int? {
        guard let text = string(name) else { return nil }
        guard let value = Int(text) else { throw EnvironmentError("\(name) must be a whole number, not '\(text)'") }
        return value
    }

    /// The variable's value read by `parse`, whose error is reported with the variable's name.
    static func parsed<Value>(_ name: String, _ parse: (String) throws -> Value) throws -> Value? {
        guard let text = string(name) else { return nil }
        do {
            return try parse(text)
        } catch {
            throw EnvironmentError("\(name): \(error)")
        }
    }

    static func flag(_ name: String) throws -> Bool {
        guard let text = string(name)?.lowercased() else { return false }
        switch text {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw EnvironmentError("\(name) must be true or false, not '\(text)'")
        }
    }
}

struct EnvironmentError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
