/// Who an ``AuditEntry`` is by (issue 13, item 3): a developer in the portal, an operator at the command line, an end
/// user on the account page, or the platform itself; with the client's address where a request carried the change.
///
/// Stores write each change's entry in the change's own transaction, by ``current``: a task-local that the request
/// handling sets (the client's address for every request, the developer once the portal knows them), the command line
/// to the operator, and that is otherwise the platform.
package struct AuditActor: Hashable, Sendable {
    package enum Kind: String, Hashable, Sendable, CaseIterable {
        case developer
        case `operator`
        case user
        case system
    }

    package var kind: Kind
    /// A developer's e-mail address, an end user's username, the operator's login name, `orangerie` for the platform.
    package var name: String
    /// The client's IP address, from the request (behind a trusted proxy, the client it names); nil without one.
    package var address: String?

    package init(kind: Kind, name: String, address: String? = nil) {
        self.kind = kind
        self.name = name
        self.address = address
    }

    /// Who the changes of the running task are by: the platform unless a caller said otherwise.
    @TaskLocal package static var current = AuditActor.system

    /// The platform itself: a replayed authorization code, the demo's provisioning, a background service.
    package static let system = AuditActor(kind: .system, name: "orangerie")

    /// The platform acting on a request from `address` (the token endpoint revoking a replayed code's grant).
    package static func system(from address: String?) -> AuditActor {
        AuditActor(kind: .system, name: system.name, address: address)
    }

    /// A developer, from the current request's address.
    package static func developer(_ email: String) -> AuditActor {
        AuditActor(kind: .developer, name: email, address: current.address)
    }

    /// An administrator in the provider's console (issue 13, item 4), from the current request's address: an operator,
    /// named by their username.
    package static func administrator(_ username: String) -> AuditActor {
        AuditActor(kind: .operator, name: username, address: current.address)
    }

    /// An end user, from the current request's address.
    package static func user(_ username: String) -> AuditActor {
        AuditActor(kind: .user, name: username, address: current.address)
    }

    /// What the developer sees of the actor in their space's trail: their own address, the others' kind only (neither
    /// the operator's login name nor an end user's username).
    package var shownToDeveloper: (name: String, address: String?) {
        kind == .developer ? (name, address) : (kind.rawValue, nil)
    }
}
