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
        for api in apis {
            if let entry = try await Self.entry(api, store: store, audience: { audience }) { entries.append(entry) }
        }
        self.entries = entries
    }

    /// `api` with its documentation when it is in the catalog and `developer` sees it; nil otherwise.
    static func entry(_ api: RegisteredAPI, store: some DeveloperStore, developer: Developer?) async throws -> Entry? {
        try await entry(api, store: store) { try await audience(of: developer, store: store) }
    }

    /// `api` unless retired or hidden from `audience`, which is read only for a partner or private API.
    private static func entry(
        _ api: RegisteredAPI, store: some DeveloperStore, audience: () async throws -> APIAudience
    ) async throws -> Entry? {
        guard api.status != .retired else { return nil }
        let documentation = try await store.documentation(apiName: api.name)
        if documentation.visibility != .public {
            guard documentation.visibility.admits(try await audience(), apiName: api.name) else { return nil }
        }
        return Entry(api: api, documentation: documentation)
    }

    private static func audience(of developer: Developer?, store: some DeveloperStore) async throws -> APIAudience {
        guard let developer else { return .everyone }
        return try await store.audience(email: developer.email)
    }
}
