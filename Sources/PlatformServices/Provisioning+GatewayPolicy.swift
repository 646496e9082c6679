import Foundation
import NIOSSL
import PlatformStore

/// The operator's side of what an API proxy enforces (issue 18): validates a ``GatewayPolicyChange`` and seals the
/// backend's secret with the master key, bound to the API's name, so that it never shows again.
extension Provisioning {
    func policy(_ current: GatewayPolicy, applying change: GatewayPolicyChange, apiName: String) throws -> GatewayPolicy {
        var policy = current
        policy.contract = change.contract ?? policy.contract
        policy.requestValidation = change.requestValidation ?? policy.requestValidation
        if let limit = change.maximumBodyBytes {
            if let bytes = limit, !(1...Validation.maximumBodyLimit).contains(bytes) {
                throw InvalidInput("a body limit is from 1 byte to 1 GiB, not \(bytes) bytes")
            }
            policy.maximumBodyBytes = limit
        }
        if let credentials = change.upstreamCredentials {
            policy.upstreamAuthentication = try sealed(credentials, apiName: apiName)
        }
        if change.removedRequestHeaders != nil || change.addedRequestHeaders != nil {
            policy.requestHeaders = try Validation.headerRules(
                remove: change.removedRequestHeaders ?? policy.requestHeaders.remove,
                add: change.addedRequestHeaders ?? policy.requestHeaders.add.map { "\($0.name): \($0.value)" }, toBackend: true)
        }
        if change.removedResponseHeaders != nil || change.addedResponseHeaders != nil {
            policy.responseHeaders = try Validation.headerRules(
                remove: change.removedResponseHeaders ?? policy.responseHeaders.remove,
                add: change.addedResponseHeaders ?? policy.responseHeaders.add.map { "\($0.name): \($0.value)" }, toBackend: false)
        }
        if let origins = change.corsOrigins {
            policy.corsOrigins = try Array(Set(origins.map(Validation.corsOrigin))).sorted()
        }
        if let requiresDPoP = change.requiresDPoP { policy.requiresDPoP = requiresDPoP }
        if policy.requestValidation != .off, let limit = policy.maximumBodyBytes, limit > Validation.maximumValidatedBodyLimit {
            throw InvalidInput("with request validation on, bodies are read whole: --max-body is at most 16MiB")
        }
        return policy
    }

    private func sealed(_ credentials: UpstreamCredentials, apiName: String) throws -> UpstreamAuthentication {
        let context = UpstreamAuthentication.sealingContext(apiName: apiName)
        let seal = { (secret: String) in try vault.seal(Data(secret.utf8), boundTo: context) }
        switch credentials {
        case .none:
            return .none
        case .header(let line):
            let (name, value) = try Validation.header(line)
            // The one field a header rule may not set and a backend credential may: Authorization.
            guard name == "authorization" || !Validation.isGatewayRequestField(name) else {
                throw InvalidInput("\(name) is set by the gateway itself: it cannot carry the backend's credentials")
            }
            return .header(name: name, sealedValue: try seal(value))
        case .basic(let pair):
            guard let colon = pair.firstIndex(of: ":"), colon != pair.startIndex, pair[pair.index(after: colon)...].isEmpty == false,
                pair.utf8.count <= 1024, !pair.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
            else {
                throw InvalidInput("HTTP Basic credentials are username:password, the username without ':', without control characters")
            }
            return .basic(username: String(pair[..<colon]), sealedPassword: try seal(String(pair[pair.index(after: colon)...])))
        case .clientCredentials(let tokenURL, let clientID, let clientSecret, let scope):
            let tokenURL = try Validation.upstream(tokenURL)
            for (value, what) in [(clientID, "the backend's client_id"), (clientSecret, "the backend's client secret")] {
                guard (1...1024).contains(value.utf8.count), value.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
                    throw InvalidInput("\(what) is 1 to 1,024 visible ASCII characters")
                }
            }
            let scope = try scope.map { text throws(InvalidInput) in try Validation.scopeList(text) }
            return .clientCredentials(tokenURL: tokenURL, clientID: clientID, sealedSecret: try seal(clientSecret), scope: scope)
        case .mutualTLS(let chain, let key):
            do {
                guard try !NIOSSLCertificate.fromPEMBytes(Array(chain.utf8)).isEmpty else { throw InvalidInput("no certificate") }
                _ = try NIOSSLPrivateKey(bytes: Array(key.utf8), format: .pem)
            } catch {
                throw InvalidInput("the client certificate is a PEM certificate chain and the key a PEM private key (unencrypted)")
            }
            return .mutualTLS(certificateChain: chain, sealedPrivateKey: try seal(key))
        }
    }
}

extension Validation {
    /// A scope to ask another authorization server for (RFC 6749 §3.3): scope-tokens separated by spaces.
    package static func scopeList(_ value: String) throws(InvalidInput) -> String {
        let tokens = value.split(separator: " ")
        guard !tokens.isEmpty, value.utf8.count <= 1024,
            tokens.allSatisfy({ $0.utf8.allSatisfy { $0 == 0x21 || (0x23...0x5B).contains($0) || (0x5D...0x7E).contains($0) } })
        else {
            throw InvalidInput("a scope is scope-tokens separated by spaces: visible characters, no quote or backslash")
        }
        return tokens.joined(separator: " ")
    }
}
