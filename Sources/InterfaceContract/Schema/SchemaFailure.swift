/// The first way an instance fails its schema: where in the instance, and what it must be.
struct SchemaFailure: Sendable {
    /// One step down an instance: an object member or an array item.
    enum Step: Sendable {
        case member(String)
        case item(Int)
    }

    var path: [Step]
    /// Short, about schema facts only (never the instance's value): "must be an integer", "is required".
    var message: String
    /// A member that `required` names is absent (Orange code 23 rather than 24).
    var isMissingMember = false

    /// The longest member name a pointer shows: names in a body are the client's, and the description is ours.
    static let longestName = 100

    /// The RFC 6901 JSON pointer of `path` (§3: `~` written `~0`, `/` written `~1`), with each member name cut to
    /// ``longestName`` characters (a cut one ends with `…`).
    var pointer: String {
        var pointer = ""
        for step in path {
            pointer += "/"
            switch step {
            case .item(let index):
                pointer += String(index)
            case .member(let name):
                let shown = name.count > Self.longestName ? name.prefix(Self.longestName) + "…" : name[...]
                pointer += shown.replacing("~", with: "~0").replacing("/", with: "~1")
            }
        }
        return pointer
    }
}
