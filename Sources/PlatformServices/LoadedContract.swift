import InterfaceContract
import PlatformStore

/// The OpenAPI document of an API whose policy enforces it (issue 18), compiled once when the API or its document
/// changes, for the gateway to consult on every call; or, should a stored document no longer compile, why: the
/// gateway then refuses the API's calls rather than let through what the contract would not.
package enum LoadedContract: Sendable {
    case compiled(CompiledContract)
    case unreadable(String)

    /// The contract of `api`, nil when its policy needs none.
    package static func load(for api: RegisteredAPI, from store: any DeveloperStore) async throws -> LoadedContract? {
        guard api.policy.usesDocument else { return nil }
        guard let document = try await store.documentation(apiName: api.name).openAPI else {
            return .unreadable("the API has no OpenAPI document")
        }
        do {
            return .compiled(try CompiledContract(openAPI: document))
        } catch {
            return .unreadable(error.description)
        }
    }
}
