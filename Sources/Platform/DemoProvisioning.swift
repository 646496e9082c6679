import OAuthCore
import PlatformServices
import PlatformStore

/// What `serve --demo` provisions, idempotently: the `poi` API at `/poi/v1` served by the platform's own demo
/// upstream; a verified developer of the portal (issue 12, item 6) whose client space holds one application
/// subscribed to it with two redirect URIs (the platform's demo callback page, and the loopback one of
/// `orangerie login`); and one end user.
package enum DemoProvisioning {
    static let apiName = "poi"
    static let basePath = "/poi/v1"
    /// The demo developer, who signs in on the portal with ``password``.
    package static let email = "demo@example.com"
    static let developerName = "Dominique Demo"
    static let applicationName = "Orangerie demo"
    /// The demo end user, who signs in on the login page (issue 5).
    package static let username = "demo"
    package static let password = "orangerie-demo"
    /// RFC 8252 §7.3: any port is accepted on this one.
    package static let loopbackRedirectURI = "http://127.0.0.1/callback"

    /// The demo application's redirect URIs when the platform listens at `baseURL`.
    package static func redirectURIs(baseURL: String) -> [String] {
        [baseURL + DemoUpstream.callbackPath, loopbackRedirectURI]
    }

    /// Makes sure the demo records exist and point at `baseURL`; returns the demo application's credentials.
    static func ensure(
        provisioning: Provisioning, developers: some DeveloperStore, accounts: DeveloperAccounts, baseURL: String
    ) async throws -> ProvisionedApplication {
        let upstream = baseURL + DemoUpstream.path
        if try await developers.developer(email: email) == nil {
            let (_, verification) = try await accounts.signUp(
                email: email, name: developerName, password: password, termsVersion: "demo")
            _ = try await accounts.verifyEmail(token: verification)
        }
        let redirectURIs = redirectURIs(baseURL: baseURL)
        if try await provisioning.users().contains(where: { $0.username == username }) == false {
            _ = try await provisioning.createUser(
                username: username, password: password,
                claims: EndUserClaims(
                    email: "demo@orangerie.example", name: "Camille Demo", givenName: "Camille", familyName: "Demo",
                    phoneNumber: "+33299000000", address: "2 rue du Pré Botté, 35000 Rennes, France"))
        }
        if let api = try await provisioning.apis().first(where: { $0.name == apiName }) {
            if api.upstream != upstream { _ = try await provisioning.updateAPI(named: apiName, upstream: upstream) }
        } else {
            _ = try await provisioning.createAPI(name: apiName, basePath: basePath, upstream: upstream)
        }
        var documentation = try await developers.documentation(apiName: apiName)
        if documentation.openAPI != DemoAPIDocument.openAPI || documentation.overview == nil || documentation.terms == nil {
            documentation.description = DemoAPIDocument.description
            documentation.openAPI = DemoAPIDocument.openAPI
            documentation.overview = DemoAPIDocument.overview
            documentation.gettingStarted = DemoAPIDocument.gettingStarted
            documentation.terms = DemoAPIDocument.terms
            documentation.termsVersion = "1"
            _ = try await developers.saveDocumentation(documentation)
        }
        // The demo API enforces its document: only its operations, with valid parameters and bodies (issue 18).
        if let api = try await provisioning.apis().first(where: { $0.name == apiName }), !api.policy.usesDocument {
            _ = try await provisioning.updateAPI(named: apiName, policy: GatewayPolicyChange(contract: .strict, requestValidation: .enforce))
        }
        let existing = try await provisioning.applications().first { $0.email == email && $0.name == applicationName }
        guard var application = existing else {
            return try await provisioning.createApplication(
                email: email, name: applicationName, redirectURIs: redirectURIs, subscriptions: [apiName])
        }
        if Set(application.redirectURIs) != Set(redirectURIs) {
            application = try await provisioning.setRedirectURIs(redirectURIs, clientID: application.clientID)
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
