import PlatformStore

extension ApplicationStore {
    /// The developer's application `clientID`, for the pages and the JSON API alike; nil for another client space's,
    /// exactly as for an unknown one (issue 12: "another developer's application invisible and untouchable … by id
    /// guessing too").
    func application(clientID: String, ownedBy developer: Developer) async throws -> ClientApplication? {
        guard let application = try await application(clientID: clientID), application.clientSpaceID == developer.clientSpaceID
        else {
            return nil
        }
        return application
    }
}
