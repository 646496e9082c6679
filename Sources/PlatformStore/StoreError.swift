/// Why a store refused a change. Messages are meant for an administrator and never carry a secret.
package enum StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    case notFound(String)
    case conflict(String)

    package var description: String {
        switch self {
        case .notFound(let what): "\(what) not found"
        case .conflict(let what): what
        }
    }
}
