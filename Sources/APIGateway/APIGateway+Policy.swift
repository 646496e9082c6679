import Foundation
import HTTPTypes
import Hummingbird
import InterfaceContract
import Logging
import NIOCore
import NIOFoundationCompat
import PlatformServices
import PlatformStore

/// What an API's policy enforces once the caller is known and counted (issue 18): the interface contract of its
/// OpenAPI document, request validation, the body limit, and how the backend is reached.
extension APIGateway {
    /// Refuses a call the API's contract does not declare (strict: 404 code 60, 405 code 61) or, with validation
    /// enforced, one that does not conform (400 codes 20–28, 415 code 68); a body past `--max-body` is 413 code 66.
    /// Returns the client's body when it was read whole to be validated, nil when it is to be streamed.
    func enforceContract(on request: Request, api: RegisteredAPI, context: Context) async throws -> ByteBuffer? {
        let policy = api.policy
        let length = request.headers[.contentLength].flatMap(Int.init)
        if let limit = policy.maximumBodyBytes, let length, length > limit { throw GatewayRefusal.entityTooLarge }
        guard let loaded = directory.contract(ofAPI: api.name) else { return nil }
        guard case .compiled(let contract) = loaded else {
            if case .unreadable(let reason) = loaded {
                context.logger.error("The API's OpenAPI document does not compile", metadata: ["api": "\(api.name)", "reason": "\(reason)"])
            }
            throw GatewayRefusal.policyUnavailable
        }
        let operation: ContractOperation
        let pathParameters: [String: Substring]
        switch contract.route(method: request.method.rawValue, path: request.uri.path.dropFirst(api.basePath.count)) {
        case .operation(let found, let parameters): (operation, pathParameters) = (found, parameters)
        case .unknownPath:
            guard policy.contract == .open else { throw GatewayRefusal.resourceNotFound }
            return nil
        case .methodNotAllowed(let allowed):
            guard policy.contract == .open else { throw GatewayRefusal.methodNotAllowed(allowing: allowed) }
            return nil
        }
        guard policy.requestValidation != .off else { return nil }
        let body = try await Self.readWhole(request, upTo: policy.maximumBodyBytes ?? GatewayPolicy.defaultValidatedBodyBytes)
        let headers = request.headers
        let checked = ContractRequest(
            pathParameters: pathParameters, query: request.uri.query.map { Substring($0) },
            headerValues: { name in HTTPField.Name(name).map { headers[values: $0] } ?? [] },
            contentType: headers[.contentType], body: body.map { Data(buffer: $0, byteTransferStrategy: .noCopy) })
        if let violation = operation.check(checked) {
            guard policy.requestValidation == .report else {
                throw GatewayRefusal(HTTPResponse.Status(code: violation.status), violation.error)
            }
            context.logger.warning(
                "Request does not conform to the API's contract",
                metadata: [
                    "api": "\(api.name)", "operation": "\(operation.method) \(operation.pathTemplate)",
                    "problem": "\(violation.pointer) \(violation.message)",
                ])
        }
        return body
    }

    /// The client's whole body, nil when the request has none; 413 past `limit`, 400 when it is not valid HTTP.
    private static func readWhole(_ request: Request, upTo limit: Int) async throws -> ByteBuffer? {
        let length = request.headers[.contentLength].flatMap(Int.init)
        guard length != nil || request.headers[.transferEncoding] != nil else { return nil }
        if let length, length > limit { throw GatewayRefusal.entityTooLarge }
        do {
            return try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw GatewayRefusal.entityTooLarge
        } catch {
            throw GatewayRefusal.badRequest
        }
    }
}
