/// A JSON object (RFC 8259 §4) with its members in the order they were written, which a document's `properties`
/// keeps for reporting the first problem, and without duplicate names (§4: "names within an object SHOULD be
/// unique"; two readers may keep different ones, so neither document nor body may have them).
struct JSONObject: Sendable {
    struct Member: Sendable {
        var name: String
        var value: JSONInstance
    }

    private(set) var members: [Member] = []
    /// Positions by name, built once an object is large enough for a linear search to cost more.
    private var positions: [CodePoints: Int]?
    private static let indexedFrom = 12

    var count: Int { members.count }

    subscript(name: String) -> JSONInstance? {
        position(of: name).map { members[$0].value }
    }

    /// Adds a member; false (and nothing added) when the object already has one of that name.
    mutating func append(_ name: String, _ value: JSONInstance) -> Bool {
        guard position(of: name) == nil else { return false }
        members.append(Member(name: name, value: value))
        if positions != nil {
            positions?[CodePoints(name)] = members.count - 1
        } else if members.count == Self.indexedFrom {
            positions = Dictionary(uniqueKeysWithValues: members.indices.map { (CodePoints(members[$0].name), $0) })
        }
        return true
    }

    private func position(of name: String) -> Int? {
        if let positions { return positions[CodePoints(name)] }
        return members.firstIndex { $0.name.hasSameCodePoints(as: name) }
    }
}

extension JSONObject: Hashable {
    /// JSON Schema 2020-12 (Core §4.2.2): objects are equal when they have the same names with equal values, in
    /// any order.
    static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.count == rhs.count && lhs.members.allSatisfy { rhs[$0.name] == $0.value }
    }

    /// Independent of the members' order, as equality is.
    func hash(into hasher: inout Hasher) {
        var combined = 0
        for member in members {
            var memberHasher = Hasher()
            memberHasher.combine(CodePoints(member.name))
            memberHasher.combine(member.value)
            combined = combined &+ memberHasher.finalize()
        }
        hasher.combine(count)
        hasher.combine(combined)
    }
}
