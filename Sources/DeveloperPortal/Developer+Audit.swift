import PlatformStore

extension Developer {
    /// Runs `work` with this developer as the actor of the changes it makes (issue 13, item 3), from the request's
    /// address (set for every request by the platform), so that the store writes each change's audit entry by them.
    func acting<Value>(_ work: () async throws -> Value) async rethrows -> Value {
        try await AuditActor.$current.withValue(.developer(email), operation: work)
    }
}
