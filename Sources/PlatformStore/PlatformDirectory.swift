import Synchronization

/// The in-memory view of applications and APIs that hot paths read instead of the database
/// (ARCHITECTURE.md, "Hot paths read memory"). A ``ChangeFeedFollower`` keeps it current.
package final class PlatformDirectory: Sendable {
    private struct Snapshot {
        var applications: [String: ClientApplication] = [:]
        var apis: [String: RegisteredAPI] = [:]
    }

    private let snapshot = Mutex(Snapshot())

    package init() {}

    package func application(clientID: String) -> ClientApplication? {
        snapshot.withLock { $0.applications[clientID] }
    }

    package func api(named name: String) -> RegisteredAPI? {
        snapshot.withLock { $0.apis[name] }
    }

    /// Whether the application may use at least one API: a retired API serves no one (issue 2, seed 003:
    /// without a subscription "the capability to generate an access_token is no longer allowed").
    package func hasUsableSubscription(_ application: ClientApplication) -> Bool {
        snapshot.withLock { snapshot in
            application.subscriptions.contains { snapshot.apis[$0].map { $0.status != .retired } ?? false }
        }
    }

    package func replaceAll(applications: [ClientApplication], apis: [RegisteredAPI]) {
        let applications = Dictionary(applications.map { ($0.clientID, $0) }, uniquingKeysWith: { $1 })
        let apis = Dictionary(apis.map { ($0.name, $0) }, uniquingKeysWith: { $1 })
        snapshot.withLock { $0 = Snapshot(applications: applications, apis: apis) }
    }

    /// Stores the application's new state under `clientID`, or forgets it when `nil`.
    package func update(application: ClientApplication?, clientID: String) {
        snapshot.withLock { $0.applications[clientID] = application }
    }

    package func update(api: RegisteredAPI?, name: String) {
        snapshot.withLock { $0.apis[name] = api }
    }
}
