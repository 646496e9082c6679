import OAuthCore
import PlatformStore

/// What `serve --demo` provisions, idempotently: the `poi` API at `/poi/v1` served by the platform's own demo
/// upstream, and one application subscribed to it.
enum DemoProvisioning {
    static let apiName = "poi"
    static let basePath = "/poi/v1"
    static let email = "demo@orangerie.example"
    static let applicationName = "Orangerie demo"

    /// Makes sure the demo records exist and point at `upstream`; returns the demo application's credentials.
    static func ensure(provisioning: Provisioning, upstream: String) async throws -> ProvisionedApplication {
        if let api = try await provisioning.apis().first(where: { $0.name == apiName }) {
            if api.upstream != upstream { _ = try await provisioning.updateAPI(named: apiName, upstream: upstream) }
        } else {
            _ = try await provisioning.createAPI(name: apiName, basePath: basePath, upstream: upstream)
        }
        let existing = try await provisioning.applications().first { $0.email == email && $0.name == applicationName }
        guard var application = existing else {
            return try await provisioning.createApplication(email: email, name: applicationName, subscriptions: [apiName])
        }
        if !application.subscriptions.contains(apiName) {
            application = try await provisioning.subscribe(clientID: application.clientID, apiName: apiName)
        }
        if application.status != .active {
            application = try await provisioning.setStatus(.active, clientID: application.clientID)
        }
        return ProvisionedApplication(application: application, credentials: try provisioning.credentials(of: application))
    }
}
