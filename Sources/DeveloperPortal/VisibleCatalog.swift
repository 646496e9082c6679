import PlatformStore

/// The catalog as one developer, or someone signed out, sees it (issue 17, item 3; seed 001's public, partner and
/// private APIs): live and deprecated APIs whose visibility admits the developer's client space. Pages and the JSON
/// API both ask here, so that a hidden API is missing alike from lists, pages, documents and subscriptions.
struct VisibleCatalog {
    struct Entry {
        var api: RegisteredAPI
        var documentation: APIDocumentation
    }

    var entries: [Entry]

    init(store: some DeveloperStore, apis: [RegisteredAPI], developer: Developer?) async throws {
        let audience = try await Self.audience(of: developer, store: store)
        var entries: [Entry] = []
        for api in apis where api.status != .retired {
            let documentation = try await store.documentation(apiName: api.name)
            if documentation.visibility.admits(audience, apiName: api.name) { entries.append(Entry(api: api, documentation: documentation)) }
        }
        self.entries = entries
    }

    /// `api` with its documentation when it is in the catalog and `developer` sees it; nil otherwise.
    static func entry(_ api: RegisteredAPI, store: some DeveloperStore, developer: Developer?) async throws -> (RegisteredAPI, APIDocumentation)? {
        guard api.status != .retired else { return nil }
        let documentation = try await store.documentation(apiName: api.name)
        if documentation.visibility != .public {
            guard documentation.visibility.admits(try await audience(of: developer, store: store), apiName: api.name) else { return nil }
        }
        return (api, documentation)
    }

    private static func audience(of developer: Developer?, store: some DeveloperStore) async throws -> APIAudience {
        guard let developer else { return .everyone }
        return try await store.audience(email: developer.email)
    }
}
