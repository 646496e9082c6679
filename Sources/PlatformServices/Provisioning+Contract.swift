import InterfaceContract
import PlatformStore

/// An API proxy that enforces its contract or validates requests needs an OpenAPI document the gateway can compile
/// (issue 18, items 1 and 2): the operator learns at once, in words, why a document or a policy is refused.
extension Provisioning {
    func checkContract(of documentation: APIDocumentation, policy: GatewayPolicy) throws {
        guard policy.usesDocument else { return }
        guard let document = documentation.openAPI else {
            throw InvalidInput(
                "a strict contract and request validation need the API's OpenAPI document: give it with --openapi FILE first")
        }
        do {
            _ = try CompiledContract(openAPI: document)
        } catch {
            throw InvalidInput("the gateway cannot enforce this OpenAPI document: \(error)")
        }
    }
}
