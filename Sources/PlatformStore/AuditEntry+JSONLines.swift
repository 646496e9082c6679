import Foundation

/// The audit trail's export (issue 13, items 3 and 4): JSON Lines, one entry an object with every field, keys sorted,
/// times in ISO 8601 — what `orangerie audit list --json` prints and the provider's console downloads.
extension AuditEntry: Encodable {
    enum CodingKeys: String, CodingKey {
        case at, actor, address, action, detail
        case actorKind = "actor_kind"
        case clientSpaceID = "client_space_id"
        case clientID = "client_id"
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(at, forKey: .at)
        try container.encode(actor.kind.rawValue, forKey: .actorKind)
        try container.encode(actor.name, forKey: .actor)
        try container.encodeIfPresent(actor.address, forKey: .address)
        try container.encode(action.rawValue, forKey: .action)
        try container.encode(clientSpaceID, forKey: .clientSpaceID)
        try container.encodeIfPresent(clientID, forKey: .clientID)
        try container.encodeIfPresent(detail, forKey: .detail)
    }

    /// `entries` as JSON Lines: each on its line, ending with a newline.
    package static func jsonLines(_ entries: [AuditEntry]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try entries.map { String(decoding: try encoder.encode($0), as: UTF8.self) + "\n" }.joined()
    }
}
