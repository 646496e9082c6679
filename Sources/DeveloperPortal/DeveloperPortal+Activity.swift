import Hummingbird
import Logging
import PlatformPages
import PlatformStore

/// The client space's activity (issue 13, item 3: "the developer sees their space's trail"): every change to the space
/// and its applications, by the developer, the operator or the platform.
extension DeveloperPortal {
    /// How many entries the page shows, newest first (the JSON API pages through the rest).
    static let activityEntriesShown = 200

    /// `GET /portal/activity`: the trail, each application by its name and linked while it exists.
    func spaceActivity(_ request: Request) async -> Response {
        switch await signedIn(request, returnPath: Paths.activity) {
        case .failure(let refused): return refused.response
        case .success(let (session, developer)):
            do {
                let text = text(for: request)
                let names = Dictionary(
                    try await store.applications(clientSpaceID: developer.clientSpaceID).map { ($0.clientID, $0.name) },
                    uniquingKeysWith: { first, _ in first })
                let query = AuditQuery(clientSpaceID: developer.clientSpaceID, limit: Self.activityEntriesShown)
                let entries = try await store.auditTrail(query).map { entry in
                    let name = entry.clientID.flatMap { names[$0] }
                    var row = text.row(of: entry, applicationName: name)
                    row["link"] = Self.optional(name == nil ? nil : entry.clientID.map(Paths.application))
                    return row
                }
                return render("activity", request, session: session, values: ["entries": entries, "hasEntries": !entries.isEmpty])
            } catch {
                return failure(request, error, doing: "Could not show the activity")
            }
        }
    }
}
