import PlatformStore
import Synchronization

/// The in-memory view of applications and APIs that hot paths read instead of the database
/// (ARCHITECTURE.md, "Hot paths read memory"). A ``ChangeFeedFollower`` keeps it current.
package final class PlatformDirectory: Sendable {
    private struct Snapshot {
        var applications: [String: ClientApplication] = [:]
        var clientIDs: [String: String] = [:]
        var apis: [String: RegisteredAPI] = [:]
        var basePaths: [Substring: RegisteredAPI] = [:]
        /// Only for the APIs whose policy enforces their OpenAPI document.
        var contracts: [String: LoadedContract] = [:]
        var signingKeys: [SigningKey] = []
        var isLoaded = false

        init(applications: [ClientApplication] = [], apis: [RegisteredAPI] = [], contracts: [String: LoadedContract] = [:]) {
            for application in applications { update(application: application, clientID: application.clientID) }
            for api in apis { update(api: api, name: api.name, contract: contracts[api.name]) }
        }

        /// Whether the API exists and is not retired: a retired API serves no one.
        func serves(_ apiName: String) -> Bool {
            apis[apiName].map { $0.status != .retired } ?? false
        }

        mutating func update(application: ClientApplication?, clientID: String) {
            if let old = applications[clientID] { clientIDs[old.id] = nil }
            applications[clientID] = application
            if let application { clientIDs[application.id] = clientID }
        }

        mutating func update(api: RegisteredAPI?, name: String, contract: LoadedContract?) {
            if let old = apis[name] { basePaths[Substring(old.basePath)] = nil }
            apis[name] = api
            contracts[name] = contract
            if let api { basePaths[Substring(api.basePath)] = api }
        }
    }

    private let snapshot = Mutex(Snapshot())

    package init() {}

    package func application(clientID: String) -> ClientApplication? {
        snapshot.withLock { $0.applications[clientID] }
    }

    /// How many applications and APIs it holds, for the metrics (issue 14).
    package var counts: (applications: Int, apis: Int) {
        snapshot.withLock { ($0.applications.count, $0.apis.count) }
    }

    /// Every signing key, oldest first.
    package var signingKeys: [SigningKey] {
        snapshot.withLock { $0.signingKeys }
    }

    package func update(signingKeys: [SigningKey]) {
        snapshot.withLock { $0.signingKeys = signingKeys }
    }

    package func application(id: String) -> ClientApplication? {
        snapshot.withLock { snapshot in snapshot.clientIDs[id].flatMap { snapshot.applications[$0] } }
    }

    package func api(named name: String) -> RegisteredAPI? {
        snapshot.withLock { $0.apis[name] }
    }

    /// The API whose base path is the longest prefix of `path` on a segment boundary (issue 3, "Routing"):
    /// `/poi/v1/shops` matches `/poi/v1`, `/poi/v10` does not.
    package func api(routing path: String) -> RegisteredAPI? {
        snapshot.withLock { snapshot in
            var candidate = Substring(path)
            while !candidate.isEmpty {
                if let api = snapshot.basePaths[candidate] { return api }
                guard let slash = candidate.lastIndex(of: "/") else { return nil }
                candidate = candidate[..<slash]
            }
            return nil
        }
    }

    /// Whether the application may use at least one API: a retired API serves no one (issue 2, seed 003:
    /// without a subscription "the capability to generate an access_token is no longer allowed").
    package func hasUsableSubscription(_ application: ClientApplication) -> Bool {
        snapshot.withLock { snapshot in application.subscriptions.contains(where: snapshot.serves) }
    }

    /// The names of the APIs the application may use, sorted: what its tokens are for (introspection's `aud`,
    /// RFC 7662 §2.2).
    package func usableSubscriptions(of application: ClientApplication) -> [String] {
        snapshot.withLock { snapshot in application.subscriptions.filter(snapshot.serves) }
    }

    package func replaceAll(applications: [ClientApplication], apis: [RegisteredAPI], contracts: [String: LoadedContract] = [:]) {
        var fresh = Snapshot(applications: applications, apis: apis, contracts: contracts)
        fresh.isLoaded = true
        snapshot.withLock { snapshot in
            let keys = snapshot.signingKeys
            snapshot = fresh
            snapshot.signingKeys = keys
        }
    }

    /// Whether every application and API has been loaded once (``replaceAll(applications:apis:)``): until then the
    /// instance is not ready (issue 14, `/readyz`).
    package var isLoaded: Bool {
        snapshot.withLock { $0.isLoaded }
    }

    /// Stores the application's new state under `clientID`, or forgets it when `nil`.
    package func update(application: ClientApplication?, clientID: String) {
        snapshot.withLock { $0.update(application: application, clientID: clientID) }
    }

    /// Stores the API's new state and, when its policy enforces its OpenAPI document, the document compiled.
    package func update(api: RegisteredAPI?, name: String, contract: LoadedContract? = nil) {
        snapshot.withLock { $0.update(api: api, name: name, contract: contract) }
    }

    /// The compiled document of an API whose policy enforces it (issue 18).
    package func contract(ofAPI name: String) -> LoadedContract? {
        snapshot.withLock { $0.contracts[name] }
    }
}
